using Dotkube.E2E.Harness;
using k8s;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Disruption;

/// <summary>
/// PodDisruptionBudget status from the disruption controller, and the pods/eviction subresource
/// that spends it, on the shared server.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class EvictionTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string Workload(int replicas, string budget) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web}
              # Evicted pods stay Terminating a while, and replacements take a while to be Ready,
              # so what the eviction wrote can be read before the controller moves on.
              annotations: {sim.dotkube.io/stop-delay: 20s, sim.dotkube.io/start-delay: 3s}
            spec:
              terminationGracePeriodSeconds: 30
              containers: [{name: web, image: nginx}]
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          {{{budget}}}
          selector: {matchLabels: {app: web}}
        """;

    private static async Task WaitForBudget(KubectlNamespace ns, string expected) =>
        await Eventually.HoldsAsync(async () =>
        {
            var state = await ns.JsonPathAsync("pdb/web", "{.status.expectedPods}/{.status.desiredHealthy}/{.status.currentHealthy}/{.status.disruptionsAllowed}");
            return state == expected ? null : state;
        }, Timeout);

    private static Task<KubectlResult> Evict(KubectlNamespace ns, string pod, string query = "") =>
        ns.RunWithInput($$$"""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"{{{pod}}}","namespace":"{{{ns.Name}}}"}}""",
            "create", "--raw", $"/api/v1/namespaces/{ns.Name}/pods/{pod}/eviction{query}", "-f", "-");

    [Fact]
    public async Task A_budget_counts_healthy_pods_and_an_eviction_spends_it_until_it_answers_429()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "evict");
        await ns.ApplyAsync(Workload(3, "minAvailable: 2"));
        (await ns.Run("rollout", "status", "deployment/web", "--timeout=30s")).EnsureSuccess();
        await WaitForBudget(ns, "3/2/3/1");
        Assert.Equal("True/SufficientPods/1", await ns.JsonPathAsync("pdb/web",
            "{.status.conditions[?(@.type==\"DisruptionAllowed\")].status}/{.status.conditions[?(@.type==\"DisruptionAllowed\")].reason}/{.status.observedGeneration}"));
        var row = KubectlTable.Parse((await ns.Run("get", "pdb")).EnsureSuccess().Stdout).Rows.Single();
        Assert.Equal(("2", "N/A", "1"), (row["MIN AVAILABLE"], row["MAX UNAVAILABLE"], row["ALLOWED DISRUPTIONS"]));

        var pods = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess().Stdout.Split(' ');

        // A dry run changes nothing.
        (await Evict(ns, pods[0], "?dryRun=All")).EnsureSuccess();
        Assert.Equal("", await ns.JsonPathAsync($"pod/{pods[0]}", "{.metadata.deletionTimestamp}"));
        Assert.Equal("1", await ns.JsonPathAsync("pdb/web", "{.status.disruptionsAllowed}"));

        (await Evict(ns, pods[0])).EnsureSuccess();
        Assert.Equal("EvictionByEvictionAPI/Eviction API: evicting", await ns.JsonPathAsync($"pod/{pods[0]}",
            "{.status.conditions[?(@.type==\"DisruptionTarget\")].reason}/{.status.conditions[?(@.type==\"DisruptionTarget\")].message}"));
        Assert.Equal("0/InsufficientPods", await ns.JsonPathAsync("pdb/web",
            "{.status.disruptionsAllowed}/{.status.conditions[?(@.type==\"DisruptionAllowed\")].reason}"));

        // With the replacement healthy the budget allows one again; asking for all three to stay
        // leaves none to spend, and the next eviction is refused. The evicted pod, still
        // Terminating, counts as expected (an integer minAvailable counts every selected pod) but
        // not as healthy.
        (await ns.Run("patch", "pdb", "web", "--type=merge", "-p", """{"spec":{"minAvailable":3}}""")).EnsureSuccess();
        await WaitForBudget(ns, "4/3/3/0");
        var refused = await Evict(ns, pods[1]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.\n", refused.Stderr);
        using var client = fixture.Server.Client();
        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(
            new k8s.Models.V1Eviction { Metadata = new k8s.Models.V1ObjectMeta { Name = pods[1], NamespaceProperty = ns.Name } }, pods[1], ns.Name));
        Assert.Equal(429, (int)e.Response.StatusCode);
        Assert.Contains("\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption budget web needs 3 healthy pods and has 3 currently\"}]", e.Response.Content, StringComparison.Ordinal);

        (await ns.Run("patch", "pdb", "web", "--type=merge", "-p", """{"spec":{"minAvailable":2}}""")).EnsureSuccess();
        await WaitForBudget(ns, "4/2/3/1");
        (await Evict(ns, pods[1])).EnsureSuccess();
    }

    [Fact]
    public async Task Pods_not_running_are_evicted_without_looking_at_the_budget()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "evict-pending");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: waiting, labels: {app: web}}
            spec:
              schedulerName: nobody
              containers: [{name: web, image: nginx}]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: web}}
            """);
        await WaitForBudget(ns, "1/1/0/0");
        (await Evict(ns, "waiting")).EnsureSuccess();
        (await ns.Run("wait", "--for=delete", "pod/waiting", "--timeout=30s")).EnsureSuccess();
    }

    [Fact]
    public async Task A_percentage_maxUnavailable_resolves_against_the_deployment_scale()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "pdb-percent");
        await ns.ApplyAsync(Workload(4, "maxUnavailable: 50%"));
        (await ns.Run("rollout", "status", "deployment/web", "--timeout=30s")).EnsureSuccess();
        await WaitForBudget(ns, "4/2/4/2");
        (await ns.Run("scale", "deployment/web", "--replicas=6")).EnsureSuccess();
        await WaitForBudget(ns, "6/3/6/3");
    }
}
