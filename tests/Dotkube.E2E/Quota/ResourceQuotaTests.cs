using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Quota;

/// <summary>The course's namespace-quota chapter on dotkube: compute quotas refuse with upstream's messages, object counts, describe quota.</summary>
[Collection(SharedServerCollection.Name)]
public class ResourceQuotaTests(SharedServerFixture fixture)
{
    private static string Pod(string name, string cpu) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
        spec:
          containers:
          - name: main
            image: nginx
            resources:
              requests:
                cpu: {cpu}
                memory: 100Mi
              limits:
                cpu: {cpu}
                memory: 100Mi
        """;

    private static async Task WaitForUsedAsync(KubectlNamespace ns, string quota, string resource, string expected) =>
        await Eventually.HoldsAsync(async () =>
        {
            var used = await ns.JsonPathAsync($"resourcequota/{quota}", $"{{.status.used.{resource.Replace(".", "\\.", StringComparison.Ordinal)}}}");
            return used == expected ? null : $"{resource} used is '{used}', not '{expected}'";
        }, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_compute_quota_refuses_pods_past_its_limits_with_the_upstream_messages()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "quota-compute");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: a-little-bit-of-compute
            spec:
              hard:
                requests.cpu: "1"
                requests.memory: 1Gi
                limits.cpu: "2"
                limits.memory: 2Gi
            """);
        await WaitForUsedAsync(ns, "a-little-bit-of-compute", "requests.cpu", "0");

        var bare = await ns.Run("run", "bare", "--image=nginx");
        Assert.False(bare.Succeeded);
        Assert.Contains("pods \"bare\" is forbidden: failed quota: a-little-bit-of-compute: must specify limits.cpu for: bare; limits.memory for: bare; requests.cpu for: bare; requests.memory for: bare",
            bare.Stderr, StringComparison.Ordinal);

        await ns.CreateAsync(Pod("half", "500m"));
        var tooMuch = await ns.RunWithInput(Pod("whole", "1"), "create", "-f", "-");
        Assert.False(tooMuch.Succeeded);
        Assert.Contains("pods \"whole\" is forbidden: exceeded quota: a-little-bit-of-compute, requested: requests.cpu=1, used: requests.cpu=500m, limited: requests.cpu=1",
            tooMuch.Stderr, StringComparison.Ordinal);

        var describe = (await ns.Run("describe", "quota", "a-little-bit-of-compute")).EnsureSuccess().Stdout;
        Assert.Matches(@"(?m)^Resource\s+Used\s+Hard\s*$", describe);
        Assert.Matches(@"(?m)^requests\.cpu\s+500m\s+1\s*$", describe);
        Assert.Matches(@"(?m)^limits\.memory\s+100Mi\s+2Gi\s*$", describe);

        // Deleting the pod gives its share back once the controller recounts.
        (await ns.Run("delete", "pod", "half", "--wait=false")).EnsureSuccess();
        await WaitForUsedAsync(ns, "a-little-bit-of-compute", "requests.cpu", "0");
        await ns.CreateAsync(Pod("whole", "1"));
    }

    [Fact]
    public async Task An_object_count_quota_limits_roles_and_services_and_describe_shows_used_and_hard()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "quota-objects");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: quota-for-objects
            spec:
              hard:
                pods: 100
                services: 10
                services.nodeports: 0
                services.loadbalancers: 0
                count/roles.rbac.authorization.k8s.io: 2
            """);
        await WaitForUsedAsync(ns, "quota-for-objects", "count/roles.rbac.authorization.k8s.io", "0");
        (await ns.Run("create", "role", "r1", "--verb=get", "--resource=pods")).EnsureSuccess();
        (await ns.Run("create", "role", "r2", "--verb=get", "--resource=pods")).EnsureSuccess();
        var third = await ns.Run("create", "role", "r3", "--verb=get", "--resource=pods");
        Assert.False(third.Succeeded);
        Assert.Contains("roles.rbac.authorization.k8s.io \"r3\" is forbidden: exceeded quota: quota-for-objects, requested: count/roles.rbac.authorization.k8s.io=1, used: count/roles.rbac.authorization.k8s.io=2, limited: count/roles.rbac.authorization.k8s.io=2",
            third.Stderr, StringComparison.Ordinal);

        (await ns.Run("create", "service", "clusterip", "web", "--tcp=80:80")).EnsureSuccess();
        var nodePort = await ns.Run("create", "service", "nodeport", "np", "--tcp=80:80");
        Assert.False(nodePort.Succeeded);
        Assert.Contains("exceeded quota: quota-for-objects, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0",
            nodePort.Stderr, StringComparison.Ordinal);

        await WaitForUsedAsync(ns, "quota-for-objects", "services", "1");
        var describe = (await ns.Run("describe", "resourcequota", "quota-for-objects")).EnsureSuccess().Stdout;
        Assert.Matches(@"(?m)^count/roles\.rbac\.authorization\.k8s\.io\s+2\s+2\s*$", describe);
        Assert.Matches(@"(?m)^pods\s+0\s+100\s*$", describe);
        Assert.Matches(@"(?m)^services\s+1\s+10\s*$", describe);
        Assert.Matches(@"(?m)^services\.loadbalancers\s+0\s+0\s*$", describe);
        Assert.Matches(@"(?m)^services\.nodeports\s+0\s+0\s*$", describe);
    }
}
