using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl apply --server-side</c>: field managers, conflicts, taking fields over, pruning, and the move from client-side apply.</summary>
[Collection(SharedServerCollection.Name)]
public class ServerSideApplyTests(SharedServerFixture fixture)
{
    private const string ConflictAdvice = "Please review the fields above--they currently have other managers.";

    private static string Settings(string color) => Manifests.ConfigMap("settings", [$"color={color}"]);

    private static string Web(string image, int replicas = 2) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: {replicas}
          selector:
            matchLabels: {"{"}app: web{"}"}
          template:
            metadata:
              labels: {"{"}app: web{"}"}
            spec:
              containers:
              - name: nginx
                image: {image}
        """;

    private static IReadOnlyDictionary<string, string> Editor(string command) =>
        new Dictionary<string, string> { ["KUBE_EDITOR"] = command, ["EDITOR"] = command };

    [Fact]
    public async Task Server_side_apply_creates_and_says_serverside_applied()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-create");

        var result = (await ns.RunWithInput(Settings("blue"), "apply", "--server-side", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap/settings serverside-applied\n", result.Stdout);
        Assert.Equal("blue", await ns.JsonPathAsync("configmap/settings", "{.data.color}"));
        var managers = (await ns.Run("get", "configmap", "settings", "--show-managed-fields", "-o",
            "jsonpath={.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation}")).EnsureSuccess().Stdout;
        Assert.Equal("kubectl Apply", managers);
    }

    [Fact]
    public async Task Managed_fields_show_in_yaml_as_Kubernetes_prints_them()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-yaml");
        (await ns.RunWithInput(Manifests.ConfigMap("settings", ["color=blue"], "app=web"), "apply", "--server-side", "-f", "-")).EnsureSuccess();

        var yaml = (await ns.Run("get", "configmap", "settings", "-o", "yaml", "--show-managed-fields")).EnsureSuccess().Stdout;

        Assert.Contains("""
              managedFields:
              - apiVersion: v1
                fieldsType: FieldsV1
                fieldsV1:
                  f:data:
                    f:color: {}
                  f:metadata:
                    f:labels:
                      f:app: {}
                manager: kubectl
                operation: Apply
                time: "
            """.Replace("\r", ""), yaml);
        var plain = (await ns.Run("get", "configmap", "settings", "-o", "yaml")).EnsureSuccess().Stdout;
        Assert.DoesNotContain("managedFields", plain);
    }

    [Fact]
    public async Task Server_side_apply_of_a_field_another_manager_owns_is_a_conflict()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-conflict");
        (await ns.RunWithInput(Settings("blue"), "apply", "--server-side", "--field-manager=alice", "-f", "-")).EnsureSuccess();

        var result = await ns.RunWithInput(Settings("green"), "apply", "--server-side", "--field-manager=bob", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: Apply failed with 1 conflict: conflict with \"alice\": .data.color\n{ConflictAdvice}", result.Stderr);
        Assert.Equal("blue", await ns.JsonPathAsync("configmap/settings", "{.data.color}"));
    }

    [Fact]
    public async Task Server_side_apply_with_force_conflicts_takes_the_field_over()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-force");
        (await ns.RunWithInput(Settings("blue"), "apply", "--server-side", "--field-manager=alice", "-f", "-")).EnsureSuccess();

        var result = (await ns.RunWithInput(Settings("green"), "apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap/settings serverside-applied\n", result.Stdout);
        Assert.Equal("green", await ns.JsonPathAsync("configmap/settings", "{.data.color}"));
        Assert.Equal("bob", await ns.JsonPathAsync("configmap/settings", "{.metadata.managedFields[*].manager}"));
    }

    [Fact]
    public async Task Server_side_apply_removes_a_field_the_manager_stopped_applying()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-remove");
        (await ns.RunWithInput(Manifests.ConfigMap("settings", ["color=blue", "size=large"]), "apply", "--server-side", "-f", "-")).EnsureSuccess();

        (await ns.RunWithInput(Settings("blue"), "apply", "--server-side", "-f", "-")).EnsureSuccess();

        Assert.Equal("{\"color\":\"blue\"}", await ns.JsonPathAsync("configmap/settings", "{.data}"));
    }

    [Fact]
    public async Task Server_dry_run_answers_but_stores_nothing()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-dry");

        var result = (await ns.RunWithInput(Settings("blue"), "apply", "--server-side", "--dry-run=server", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap/settings serverside-applied (server dry run)\n", result.Stdout);
        var get = await ns.Run("get", "configmap", "settings");
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("NotFound", get.Stderr);
    }

    [Fact]
    public async Task Apply_then_edit_then_apply_conflicts_on_the_edited_field_until_forced()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-edit");
        (await ns.RunWithInput(Web("nginx:1.25"), "apply", "--server-side", "-f", "-")).EnsureSuccess();
        (await ns.RunWithEnvironment(Editor("sed -i s/nginx:1.25/nginx:1.26/"), "edit", "deployment", "web")).EnsureSuccess();

        var again = await ns.RunWithInput(Web("nginx:1.25"), "apply", "--server-side", "-f", "-");
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith(
            $"error: Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.template.spec.containers[name=\"nginx\"].image\n{ConflictAdvice}",
            again.Stderr);

        (await ns.RunWithInput(Web("nginx:1.25"), "apply", "--server-side", "--force-conflicts", "-f", "-")).EnsureSuccess();
        Assert.Equal("nginx:1.25", await ns.JsonPathAsync("deployment/web", "{.spec.template.spec.containers[0].image}"));
        // kubectl-edit owned only the image, so taking it over removes its entry; the deployment
        // controller's own entries (revision annotation, status) stay, as on Kubernetes.
        var managers = (await ns.JsonPathAsync("deployment/web", "{.metadata.managedFields[*].manager}")).Split(' ');
        Assert.Equal(["kubectl"], managers.Where(m => m != "kube-controller-manager"));
    }

    [Fact]
    public async Task Scale_takes_replicas_from_the_applier_and_a_reapply_conflicts_with_the_scale_subresource()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-scale");
        (await ns.RunWithInput(Web("nginx:1.25"), "apply", "--server-side", "-f", "-")).EnsureSuccess();
        (await ns.Run("scale", "deployment", "web", "--replicas=5")).EnsureSuccess();

        var again = await ns.RunWithInput(Web("nginx:1.25"), "apply", "--server-side", "-f", "-");

        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith(
            $"error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas\n{ConflictAdvice}",
            again.Stderr);
        Assert.Equal("5", await ns.JsonPathAsync("deployment/web", "{.spec.replicas}"));
        // Leaving replicas out of the file leaves them to whoever scales.
        (await ns.RunWithInput(Web("nginx:1.25").Replace("  replicas: 2\n", ""), "apply", "--server-side", "-f", "-")).EnsureSuccess();
        Assert.Equal("5", await ns.JsonPathAsync("deployment/web", "{.spec.replicas}"));
    }

    [Fact]
    public async Task Client_side_applied_objects_move_to_server_side_apply_without_conflicts()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-migrate");
        (await ns.RunWithInput(Manifests.ConfigMap("settings", ["color=blue", "size=large"]), "apply", "-f", "-")).EnsureSuccess();

        var result = (await ns.RunWithInput(Manifests.ConfigMap("settings", ["color=green", "size=large"]), "apply", "--server-side", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap/settings serverside-applied\n", result.Stdout);
        Assert.Equal("green", await ns.JsonPathAsync("configmap/settings", "{.data.color}"));
        var managers = await ns.JsonPathAsync("configmap/settings", "{.metadata.managedFields[*].manager}");
        Assert.DoesNotContain("kubectl-client-side-apply", managers);
        Assert.Contains("kubectl", managers.Split(' '));
        // The fields client-side apply set now belong to the server-side applier: dropping one removes it.
        (await ns.RunWithInput(Settings("green"), "apply", "--server-side", "-f", "-")).EnsureSuccess();
        Assert.Equal("{\"color\":\"green\"}", await ns.JsonPathAsync("configmap/settings", "{.data}"));
    }

    [Fact]
    public async Task Create_edit_and_label_are_recorded_under_kubectls_manager_names()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ssa-managers");
        (await ns.RunWithInput(Settings("blue"), "create", "-f", "-")).EnsureSuccess();
        (await ns.Run("label", "configmap", "settings", "tier=front")).EnsureSuccess();
        (await ns.RunWithEnvironment(Editor("sed -i s/blue/green/"), "edit", "configmap", "settings")).EnsureSuccess();

        var managers = await ns.JsonPathAsync("configmap/settings", "{range .metadata.managedFields[*]}{.manager}/{.operation};{end}");

        // Entries sort by time first, so writes in one second may list in any manager order.
        Assert.Equal(["kubectl-create/Update", "kubectl-edit/Update", "kubectl-label/Update"], managers.Split(';', StringSplitOptions.RemoveEmptyEntries).Order());
    }
}
