using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// Deleting a namespace end to end: it turns Terminating, refuses new content, its contents are
/// deleted by the namespace controller, and then it disappears.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class NamespaceDeletionTests(SharedServerFixture fixture)
{
    private const string Contents = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          k: v
        ---
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
              nodeSelector:
                e2e.dotkube.io/never: "true"
              containers:
              - name: main
                image: busybox:1.36
        """;

    // Holds the namespace in Terminating until the test removes the finalizer.
    private const string Held = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: held
          finalizers:
          - e2e.dotkube.io/hold
        """;

    [Fact]
    public async Task Delete_namespace_waits_until_the_namespace_and_its_contents_are_gone()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "nsdel");
        await ns.ApplyAsync(Contents);

        var result = (await fixture.Server.Kubectl("delete", "namespace", ns.Name, "--timeout=30s")).EnsureSuccess();

        Assert.Equal($"namespace \"{ns.Name}\" deleted\n", result.Stdout);
        var get = await fixture.Server.Kubectl("get", "namespace", ns.Name);
        Assert.Equal(1, get.ExitCode);
        Assert.Equal($"Error from server (NotFound): namespaces \"{ns.Name}\" not found\n", get.Stderr);
        Assert.Equal(1, (await ns.Run("get", "configmap", "settings")).ExitCode);
        Assert.Equal(1, (await ns.Run("get", "deployment", "web")).ExitCode);
    }

    [Fact]
    public async Task A_terminating_namespace_refuses_new_content_and_goes_away_once_its_content_is_gone()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "nsterm");
        await ns.ApplyAsync(Contents);
        await ns.ApplyAsync(Held);

        var delete = (await fixture.Server.Kubectl("delete", "namespace", ns.Name, "--wait=false")).EnsureSuccess();
        Assert.Equal($"namespace \"{ns.Name}\" deleted\n", delete.Stdout);

        var row = KubectlTable.Parse((await fixture.Server.Kubectl("get", "namespace", ns.Name)).EnsureSuccess().Stdout).Row(ns.Name);
        Assert.Equal("Terminating", row["STATUS"]);

        var refused = await ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\n", "create", "-f", "-");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"Error from server (Forbidden): error when creating \"STDIN\": configmaps \"late\" is forbidden: unable to create new content in namespace {ns.Name} because it is being terminated\n",
            refused.Stderr);

        // The controller deletes what it can; the held configmap stays, marked for deletion.
        await Eventually.HoldsAsync(
            async () =>
            {
                var left = (await ns.Run("get", "configmaps,deployments", "-o", "name")).EnsureSuccess().Stdout;
                return left.Split('\n', StringSplitOptions.RemoveEmptyEntries) is ["configmap/held"] ? null : $"left in the namespace:\n{left}";
            },
            TimeSpan.FromSeconds(20));
        Assert.NotEqual("", await ns.JsonPathAsync("configmap/held", "{.metadata.deletionTimestamp}"));

        (await ns.Run("patch", "configmap", "held", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();
        var wait = await fixture.Server.Kubectl("wait", "--for=delete", $"namespace/{ns.Name}", "--timeout=30s");

        Assert.True(wait.Succeeded, wait.ToString());
        Assert.Equal(1, (await fixture.Server.Kubectl("get", "namespace", ns.Name)).ExitCode);
    }

    [Fact]
    public async Task A_namespace_held_by_a_finalizer_reports_why_in_its_conditions()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "nscond");
        await ns.ApplyAsync(Held);

        (await fixture.Server.Kubectl("delete", "namespace", ns.Name, "--wait=false")).EnsureSuccess();

        await Eventually.HoldsAsync(
            async () =>
            {
                var json = JsonNode.Parse((await fixture.Server.Kubectl("get", "namespace", ns.Name, "-o", "json")).EnsureSuccess().Stdout)!;
                var conditions = json["status"]?["conditions"]?.AsArray() ?? [];
                var finalizers = conditions.FirstOrDefault(c => c?["type"]?.GetValue<string>() == "NamespaceFinalizersRemaining");
                var content = conditions.FirstOrDefault(c => c?["type"]?.GetValue<string>() == "NamespaceContentRemaining");
                return finalizers?["status"]?.GetValue<string>() == "True"
                    && finalizers["reason"]?.GetValue<string>() == "SomeFinalizersRemain"
                    && finalizers["message"]?.GetValue<string>() == "Some content in the namespace has finalizers remaining: e2e.dotkube.io/hold in 1 resource instances"
                    && content?["status"]?.GetValue<string>() == "True"
                    && content["reason"]?.GetValue<string>() == "SomeResourcesRemain"
                    && content["message"]?.GetValue<string>() == "Some resources are remaining: configmaps. has 1 resource instances"
                    ? null
                    : $"conditions are {json["status"]?["conditions"]?.ToJsonString() ?? "absent"}";
            },
            TimeSpan.FromSeconds(20));

        (await ns.Run("patch", "configmap", "held", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();
        Assert.True((await fixture.Server.Kubectl("wait", "--for=delete", $"namespace/{ns.Name}", "--timeout=30s")).Succeeded);
    }

    [Fact]
    public async Task A_new_namespace_has_the_kubernetes_finalizer_and_its_name_label()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "nsfin");

        Assert.Equal("kubernetes", (await fixture.Server.Kubectl("get", "namespace", ns.Name, "-o", "jsonpath={.spec.finalizers[*]}")).EnsureSuccess().Stdout);
        Assert.Equal($"{ns.Name}", (await fixture.Server.Kubectl("get", "namespace", ns.Name, "-o", "jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}")).EnsureSuccess().Stdout);
    }
}
