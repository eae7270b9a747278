using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl patch</c> with each of the three patch types the server applies.</summary>
[Collection(SharedServerCollection.Name)]
public class PatchTests(SharedServerFixture fixture)
{
    private const string TwoContainers = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: app
                image: nginx:1.27
                env:
                - name: MODE
                  value: production
              - name: sidecar
                image: busybox:1.36
        """;

    private static async Task<KubectlNamespace> WithAsync(SharedServerFixture fixture, string prefix, string yaml)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, prefix);
        await ns.ApplyAsync(yaml);
        return ns;
    }

    private static Task<KubectlNamespace> WithConfigMapAsync(SharedServerFixture fixture, string prefix) =>
        WithAsync(fixture, prefix, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: x
            data:
              k: v
              keep: me
            """);

    [Fact]
    public async Task Strategic_patch_merges_containers_by_name_and_env_by_name()
    {
        var ns = await WithAsync(fixture, "patch-smp", TwoContainers);

        var result = (await ns.Run("patch", "deployment", "web", "--type=strategic", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","env":[{"name":"DEBUG","value":"1"}]}]}}}}""")).EnsureSuccess();

        Assert.Equal("deployment.apps/web patched\n", result.Stdout);
        Assert.Equal("app sidecar", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[*].name}"));
        Assert.Equal("nginx:1.27 busybox:1.36", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[*].image}"));
        Assert.Equal("DEBUG=1", await ns.JsonPathAsync("deployment/web", "{range .spec.template.spec.containers[?(@.name==\"sidecar\")].env[*]}{.name}={.value}{end}"));
        Assert.Equal("MODE=production", await ns.JsonPathAsync("deployment/web", "{range .spec.template.spec.containers[?(@.name==\"app\")].env[*]}{.name}={.value}{end}"));
    }

    [Fact]
    public async Task Strategic_patch_is_the_default_type()
    {
        var ns = await WithAsync(fixture, "patch-default", TwoContainers);

        (await ns.Run("patch", "deployment", "web", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""")).EnsureSuccess();

        Assert.Equal("nginx:1.28 busybox:1.36", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[*].image}"));
    }

    [Fact]
    public async Task Strategic_patch_delete_directive_removes_one_container()
    {
        var ns = await WithAsync(fixture, "patch-smpdel", TwoContainers);

        (await ns.Run("patch", "deployment", "web", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""")).EnsureSuccess();

        Assert.Equal("app", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[*].name}"));
    }

    [Fact]
    public async Task Merge_patch_replaces_lists_whole()
    {
        var ns = await WithAsync(fixture, "patch-mergelist", TwoContainers);

        (await ns.Run("patch", "deployment", "web", "--type=merge", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"redis:7"}]}}}}""")).EnsureSuccess();

        Assert.Equal("only", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[*].name}"));
    }

    [Fact]
    public async Task Merge_patch_sets_and_removes_map_keys()
    {
        var ns = await WithConfigMapAsync(fixture, "patch-merge");

        var result = (await ns.Run("patch", "configmap", "x", "--type=merge", "-p", """{"data":{"k":null,"n":"2"}}""")).EnsureSuccess();

        Assert.Equal("configmap/x patched\n", result.Stdout);
        var data = JsonNode.Parse(await ns.JsonPathAsync("configmap/x", "{.data}"))!.AsObject();
        Assert.Equal(["keep", "n"], data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("2", data["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_applies_its_operations_in_order()
    {
        var ns = await WithConfigMapAsync(fixture, "patch-json");

        var result = (await ns.Run("patch", "configmap", "x", "--type=json", "-p",
            """[{"op":"test","path":"/data/k","value":"v"},{"op":"replace","path":"/data/k","value":"w"},{"op":"add","path":"/data/added","value":"yes"},{"op":"remove","path":"/data/keep"}]""")).EnsureSuccess();

        Assert.Equal("configmap/x patched\n", result.Stdout);
        var data = JsonNode.Parse(await ns.JsonPathAsync("configmap/x", "{.data}"))!.AsObject();
        Assert.Equal(["added", "k"], data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("w", data["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_with_a_failing_test_operation_is_invalid_and_changes_nothing()
    {
        var ns = await WithConfigMapAsync(fixture, "patch-jsontest");
        var before = await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}");

        var result = await ns.Run("patch", "configmap", "x", "--type=json", "-p",
            """[{"op":"test","path":"/data/k","value":"not-v"},{"op":"replace","path":"/data/k","value":"w"}]""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The request is invalid: the server rejected our request due to an error in our request\n", result.Stderr);
        Assert.Equal("v", await ns.JsonPathAsync("configmap/x", "{.data.k}"));
        Assert.Equal(before, await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}"));
    }

    [Fact]
    public async Task Json_patch_removing_a_missing_path_is_invalid()
    {
        var ns = await WithConfigMapAsync(fixture, "patch-jsonmissing");

        var result = await ns.Run("patch", "configmap", "x", "--type=json", "-p", """[{"op":"remove","path":"/data/nope"}]""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The request is invalid: the server rejected our request due to an error in our request\n", result.Stderr);
    }

    [Fact]
    public async Task Patch_that_changes_nothing_reports_no_change()
    {
        var ns = await WithConfigMapAsync(fixture, "patch-nochange");
        var before = await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}");

        var result = (await ns.Run("patch", "configmap", "x", "--type=merge", "-p", """{"data":{"k":"v"}}""")).EnsureSuccess();

        Assert.Equal("configmap/x patched (no change)\n", result.Stdout);
        Assert.Equal(before, await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}"));
    }

    [Fact]
    public async Task Patch_of_a_missing_object_is_not_found()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "patch-missing");

        var result = await ns.Run("patch", "configmap", "nope", "--type=merge", "-p", """{"data":{"k":"v"}}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): configmaps \"nope\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Patch_that_makes_the_object_invalid_is_rejected_with_the_field()
    {
        var ns = await WithAsync(fixture, "patch-invalid", TwoContainers);

        var result = await ns.Run("patch", "deployment", "web", "--type=merge", "-p", """{"spec":{"replicas":-1}}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n", result.Stderr);
    }

    [Fact]
    public async Task Patch_of_the_status_subresource_changes_only_status()
    {
        // A suspended CronJob: no controller writes its status, so what the test sets stays.
        var ns = await KubectlNamespace.CreateAsync(fixture, "patch-status");
        await ns.ApplyAsync("""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              schedule: "0 3 * * *"
              suspend: true
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: main
                        image: busybox:1.36
            """);

        var result = (await ns.Run("patch", "cronjob", "nightly", "--subresource=status", "--type=merge", "-p",
            """{"spec":{"schedule":"0 4 * * *"},"status":{"lastScheduleTime":"2024-01-02T03:00:00Z"}}""")).EnsureSuccess();

        Assert.Equal("cronjob.batch/nightly patched\n", result.Stdout);
        Assert.Equal("2024-01-02T03:00:00Z", await ns.JsonPathAsync("cronjob/nightly", "{.status.lastScheduleTime}"));
        Assert.Equal("0 3 * * *", await ns.JsonPathAsync("cronjob/nightly", "{.spec.schedule}"));
    }
}
