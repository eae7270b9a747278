using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>
/// The garbage collector's less travelled paths: owners that never existed, owners in another
/// namespace (the OwnerRefInvalidNamespace event), and cluster-scoped dependents that name a
/// namespaced owner (never collected).
/// </summary>
[Collection(SharedServerCollection.Name)]
public class GarbageCollectorTests(SharedServerFixture fixture)
{
    private static string Dependent(string name, string ownerName, string ownerUid) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          ownerReferences:
          - apiVersion: v1
            kind: ConfigMap
            name: {ownerName}
            uid: {ownerUid}
        """;

    [Fact]
    public async Task A_dependent_whose_owner_never_existed_is_collected()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "gc-dangling");
        await ns.ApplyAsync(Dependent("child", "ghost", "00000000-0000-0000-0000-00000000dead"));

        await Eventually.HoldsAsync(
            async () => (await ns.Run("get", "configmap", "child")).ExitCode == 1 ? null : "the child of an absent owner still exists",
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_reference_to_an_owner_in_another_namespace_is_reported_and_treated_as_absent()
    {
        var home = await KubectlNamespace.CreateAsync(fixture, "gc-home");
        var away = await KubectlNamespace.CreateAsync(fixture, "gc-away");
        await home.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\n");
        var uid = await home.JsonPathAsync("configmap/owner", "{.metadata.uid}");
        await away.ApplyAsync(Dependent("child", "owner", uid));

        string? message = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                message = (await away.Run("get", "events", "--field-selector", "reason=OwnerRefInvalidNamespace,involvedObject.name=child",
                    "-o", "jsonpath={range .items[*]}{.type} {.message}{end}")).EnsureSuccess().Stdout;
                return message.Length > 0 ? null : "no OwnerRefInvalidNamespace event yet";
            },
            TimeSpan.FromSeconds(20));
        Assert.Equal($"Warning ownerRef [v1/ConfigMap, namespace: {away.Name}, name: owner, uid: {uid}] does not exist in namespace \"{away.Name}\"", message);
        await Eventually.HoldsAsync(
            async () => (await away.Run("get", "configmap", "child")).ExitCode == 1 ? null : "the child of an owner in another namespace still exists",
            TimeSpan.FromSeconds(20));
        Assert.Equal(0, (await home.Run("get", "configmap", "owner")).ExitCode);
    }

    [Fact]
    public async Task A_cluster_scoped_dependent_of_a_namespaced_owner_is_never_collected()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "gc-scope");
        await ns.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\n");
        var uid = await ns.JsonPathAsync("configmap/owner", "{.metadata.uid}");
        var name = $"{ns.Name}-role";
        var role = $"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: {name}
              ownerReferences:
              - apiVersion: v1
                kind: ConfigMap
                name: owner
                uid: {uid}
            rules: []
            """;
        (await fixture.Server.Kubectl(["apply", "-f", "-"], role)).EnsureSuccess();
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    var events = (await fixture.Server.Kubectl("get", "events", "-A", "--field-selector", $"reason=OwnerRefInvalidNamespace,involvedObject.name={name}",
                        "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
                    return events.Length > 0 ? null : "no OwnerRefInvalidNamespace event for the cluster role yet";
                },
                TimeSpan.FromSeconds(20));
            (await ns.Run("delete", "configmap", "owner")).EnsureSuccess();
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(0, (await fixture.Server.Kubectl("get", "clusterrole", name)).ExitCode);
        }
        finally
        {
            await fixture.Server.Kubectl("delete", "clusterrole", name, "--ignore-not-found");
        }
    }
}
