using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl delete</c>: messages, selectors, propagation policies, force, protected namespaces.</summary>
[Collection(SharedServerCollection.Name)]
public class DeleteTests(SharedServerFixture fixture)
{
    private static string ConfigMap(string name, string? ownerUid = null, string? ownerName = null) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          labels:
            app: x
        {(ownerUid is null ? "" : $"  ownerReferences:\n  - apiVersion: v1\n    kind: ConfigMap\n    name: {ownerName}\n    uid: {ownerUid}\n")}data:
          k: v
        ---

        """;

    [Fact]
    public async Task Delete_says_deleted_and_the_object_is_gone()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete");
        await ns.ApplyAsync(ConfigMap("x"));

        var result = (await ns.Run("delete", "configmap", "x")).EnsureSuccess();

        Assert.Equal("configmap \"x\" deleted\n", result.Stdout);
        var get = await ns.Run("get", "configmap", "x");
        Assert.Equal("Error from server (NotFound): configmaps \"x\" not found\n", get.Stderr);
    }

    [Fact]
    public async Task Delete_of_a_missing_object_is_not_found_with_exit_code_1()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-missing");

        var result = await ns.Run("delete", "configmap", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("Error from server (NotFound): configmaps \"nope\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Delete_ignore_not_found_succeeds_quietly()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-ignore");

        var result = (await ns.Run("delete", "configmap", "nope", "--ignore-not-found")).EnsureSuccess();

        Assert.Equal("", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Delete_all_removes_every_object_of_the_type_in_the_namespace()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-all");
        await ns.ApplyAsync(ConfigMap("a") + ConfigMap("b") + ConfigMap("c"));

        var result = (await ns.Run("delete", "configmaps", "-l", "app=x")).EnsureSuccess();
        var afterSelector = await ns.Run("get", "configmaps", "-l", "app=x", "-o", "name");
        await ns.ApplyAsync(ConfigMap("d"));
        var all = (await ns.Run("delete", "configmaps", "--all")).EnsureSuccess();

        Assert.Equal("configmap \"a\" deleted\nconfigmap \"b\" deleted\nconfigmap \"c\" deleted\n", result.Stdout);
        Assert.Equal("", afterSelector.Stdout);
        Assert.Contains("configmap \"d\" deleted\n", all.Stdout);
        // kube-root-ca.crt, where a publisher runs, is deleted too and comes straight back.
        var left = (await ns.Run("get", "configmaps", "-o", "name")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n != "configmap/kube-root-ca.crt");
        Assert.Empty(left);
    }

    [Fact]
    public async Task Delete_with_orphan_cascade_leaves_the_dependents_without_the_owner_reference()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-orphan");
        var uid = await CreateOwnerAndChildAsync(ns);

        var result = (await ns.Run("delete", "configmap", "owner", "--cascade=orphan", "--timeout=20s")).EnsureSuccess();

        Assert.Equal("configmap \"owner\" deleted\n", result.Stdout);
        Assert.Equal("Error from server (NotFound): configmaps \"owner\" not found\n", (await ns.Run("get", "configmap", "owner")).Stderr);
        await Eventually.HoldsAsync(
            async () =>
            {
                var refs = await ns.JsonPathAsync("configmap/child", "{.metadata.ownerReferences}");
                return refs == "" ? null : $"child still has ownerReferences {refs} (owner uid {uid})";
            },
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Delete_with_background_cascade_collects_the_dependents()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-bg");
        await CreateOwnerAndChildAsync(ns);

        var result = (await ns.Run("delete", "configmap", "owner", "--cascade=background", "--timeout=20s")).EnsureSuccess();

        Assert.Equal("configmap \"owner\" deleted\n", result.Stdout);
        await Eventually.HoldsAsync(
            async () => (await ns.Run("get", "configmap", "child")).ExitCode == 1 ? null : "the child configmap still exists",
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Delete_with_foreground_cascade_removes_the_dependents_before_the_owner()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-fg");
        await CreateOwnerAndChildAsync(ns, blockOwnerDeletion: true);

        // kubectl waits for the owner to be gone, which needs the child gone first.
        var result = (await ns.Run("delete", "configmap", "owner", "--cascade=foreground", "--timeout=30s")).EnsureSuccess();

        Assert.Equal("configmap \"owner\" deleted\n", result.Stdout);
        Assert.Equal(1, (await ns.Run("get", "configmap", "child")).ExitCode);
        Assert.Equal(1, (await ns.Run("get", "configmap", "owner")).ExitCode);
    }

    [Fact]
    public async Task Delete_of_an_object_with_a_finalizer_marks_it_deleting_until_the_finalizer_is_removed()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-finalizer");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: held
              finalizers:
              - e2e.dotkube.io/hold
            """);

        var result = (await ns.Run("delete", "configmap", "held", "--wait=false")).EnsureSuccess();
        var deletionTimestamp = await ns.JsonPathAsync("configmap/held", "{.metadata.deletionTimestamp}");
        (await ns.Run("patch", "configmap", "held", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();

        Assert.Equal("configmap \"held\" deleted\n", result.Stdout);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", deletionTimestamp);
        Assert.Equal(1, (await ns.Run("get", "configmap", "held")).ExitCode);
    }

    [Fact]
    public async Task Delete_force_with_zero_grace_period_warns_and_removes_the_pod_at_once()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-force");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              nodeSelector:
                e2e.dotkube.io/never: "true"
              containers:
              - name: main
                image: busybox:1.36
            """);

        var result = (await ns.Run("delete", "pod", "p", "--grace-period=0", "--force")).EnsureSuccess();

        Assert.Equal("pod \"p\" force deleted\n", result.Stdout);
        Assert.Equal(
            "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
            result.Stderr);
        Assert.Equal("Error from server (NotFound): pods \"p\" not found\n", (await ns.Run("get", "pod", "p")).Stderr);
    }

    [Fact]
    public async Task Delete_of_an_unscheduled_pod_needs_no_grace_period()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-pod");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              nodeSelector:
                e2e.dotkube.io/never: "true"
              containers:
              - name: main
                image: busybox:1.36
            """);

        var result = (await ns.Run("delete", "pod", "p", "--timeout=20s")).EnsureSuccess();

        Assert.Equal("pod \"p\" deleted\n", result.Stdout);
        Assert.Equal(1, (await ns.Run("get", "pod", "p")).ExitCode);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task Deleting_a_system_namespace_is_forbidden(string name)
    {
        var result = await fixture.Server.Kubectl("delete", "namespace", name);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Error from server (Forbidden): namespaces \"{name}\" is forbidden: this namespace may not be deleted\n", result.Stderr);
        Assert.Equal("Active", (await fixture.Server.Kubectl("get", "namespace", name, "-o", "jsonpath={.status.phase}")).EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task Delete_dry_run_on_the_server_deletes_nothing()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "delete-dry");
        await ns.ApplyAsync(ConfigMap("x"));

        var result = (await ns.Run("delete", "configmap", "x", "--dry-run=server")).EnsureSuccess();

        Assert.Equal("configmap \"x\" deleted (server dry run)\n", result.Stdout);
        Assert.Equal("x", await ns.JsonPathAsync("configmap/x", "{.metadata.name}"));
    }

    private static async Task<string> CreateOwnerAndChildAsync(KubectlNamespace ns, bool blockOwnerDeletion = false)
    {
        await ns.ApplyAsync(ConfigMap("owner"));
        var uid = await ns.JsonPathAsync("configmap/owner", "{.metadata.uid}");
        var child = ConfigMap("child", uid, "owner");
        if (blockOwnerDeletion)
        {
            child = child.Replace($"    uid: {uid}\n", $"    uid: {uid}\n    blockOwnerDeletion: true\n", StringComparison.Ordinal);
        }

        await ns.ApplyAsync(child);
        return uid;
    }
}
