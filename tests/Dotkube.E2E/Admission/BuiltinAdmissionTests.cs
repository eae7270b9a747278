using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Admission;

/// <summary>
/// The default admission plugins of a default server, through kubectl 1.32: LimitRanger as the
/// course's LimitRange chapter uses it, Priority, DefaultTolerationSeconds.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class BuiltinAdmissionTests(SharedServerFixture fixture)
{
    /// <summary>Shaped like the course's example: cpu min and max, a memory max, default limits, a default cpu request.</summary>
    private const string LimitRange = """
        apiVersion: v1
        kind: LimitRange
        metadata: {name: container-bounds}
        spec:
          limits:
          - type: Container
            min: {cpu: 100m}
            max: {cpu: 2000m, memory: 1Gi}
            default: {cpu: 500m, memory: 250Mi}
            defaultRequest: {cpu: 500m}
        """;

    [Fact]
    public async Task A_limit_range_defaults_container_resources_and_refuses_pods_outside_its_bounds()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "limits");
        (await ns.CreateAsync(LimitRange)).EnsureSuccess();
        // As upstream stores it: the memory default request follows the default limit.
        Assert.Equal("""{"cpu":"500m","memory":"250Mi"}""", await ns.JsonPathAsync("limitrange/container-bounds", "{.spec.limits[0].defaultRequest}"));

        (await ns.Run("run", "web", "--image=nginx")).EnsureSuccess();
        Assert.Equal("""{"limits":{"cpu":"500m","memory":"250Mi"},"requests":{"cpu":"500m","memory":"250Mi"}}""",
            await ns.JsonPathAsync("pod/web", "{.spec.containers[0].resources}"));
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web",
            await ns.JsonPathAsync("pod/web", "{.metadata.annotations.kubernetes\\.io/limit-ranger}"));
        Assert.Equal("Guaranteed", await ns.JsonPathAsync("pod/web", "{.status.qosClass}"));

        var tooBig = await ns.RunWithInput(Pod("big", "{limits: {cpu: 3}}"), "create", "-f", "-");
        Assert.NotEqual(0, tooBig.ExitCode);
        Assert.Contains("Error from server (Forbidden): error when creating \"STDIN\": pods \"big\" is forbidden: maximum cpu usage per Container is 2, but limit is 3",
            tooBig.Stderr, StringComparison.Ordinal);

        var tooSmall = await ns.RunWithInput(Pod("small", "{requests: {cpu: 50m}}"), "create", "-f", "-");
        Assert.Contains("pods \"small\" is forbidden: minimum cpu usage per Container is 100m, but request is 50m", tooSmall.Stderr, StringComparison.Ordinal);

        var tooMuchMemory = await ns.RunWithInput(Pod("hungry", "{limits: {memory: 2Gi}}"), "create", "-f", "-");
        Assert.Contains("pods \"hungry\" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi", tooMuchMemory.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_priority_class_sets_a_pods_priority_and_a_missing_one_is_refused()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "priority");
        var className = ns.Name + "-high";
        (await ns.Server.Kubectl(["create", "-f", "-"], $"apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {{name: {className}}}\nvalue: 1000\npreemptionPolicy: Never\n")).EnsureSuccess();
        try
        {
            (await ns.CreateAsync($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  priorityClassName: {className}\n  containers: [{{name: c, image: nginx}}]\n")).EnsureSuccess();
            Assert.Equal($"{className} 1000 Never", await ns.JsonPathAsync("pod/p", "{.spec.priorityClassName} {.spec.priority} {.spec.preemptionPolicy}"));

            (await ns.CreateAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: critical}\nspec:\n  priorityClassName: system-cluster-critical\n  containers: [{name: c, image: nginx}]\n")).EnsureSuccess();
            Assert.Equal("2000000000", await ns.JsonPathAsync("pod/critical", "{.spec.priority}"));

            var missing = await ns.RunWithInput("apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  priorityClassName: no-such-class\n  containers: [{name: c, image: nginx}]\n", "create", "-f", "-");
            Assert.Contains("pods \"q\" is forbidden: no PriorityClass with name no-such-class was found", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await ns.Server.Kubectl("delete", "priorityclass", className);
        }
    }

    [Fact]
    public async Task Pods_tolerate_not_ready_and_unreachable_nodes_for_five_minutes()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "tolerations");
        (await ns.Run("run", "web", "--image=nginx")).EnsureSuccess();
        Assert.Equal(
            "node.kubernetes.io/not-ready:NoExecute:Exists:300 node.kubernetes.io/unreachable:NoExecute:Exists:300 ",
            await ns.JsonPathAsync("pod/web", "{range .spec.tolerations[*]}{.key}:{.effect}:{.operator}:{.tolerationSeconds} {end}"));
    }

    private static string Pod(string name, string resources) =>
        $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers: [{{name: c, image: nginx, resources: {resources}}}]\n";
}
