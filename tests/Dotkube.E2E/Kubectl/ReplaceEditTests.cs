using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl replace</c> (full PUT with optimistic concurrency) and <c>kubectl edit</c> through $EDITOR.</summary>
[Collection(SharedServerCollection.Name)]
public class ReplaceEditTests(SharedServerFixture fixture)
{
    private const string Settings = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: x
        data:
          color: blue
        """;

    [Fact]
    public async Task Replace_of_a_fetched_and_changed_object_says_replaced()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "replace");
        await ns.ApplyAsync(Settings);
        var yaml = (await ns.Run("get", "configmap", "x", "-o", "yaml")).EnsureSuccess().Stdout;

        var result = (await ns.RunWithInput(yaml.Replace("color: blue", "color: red", StringComparison.Ordinal), "replace", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap/x replaced\n", result.Stdout);
        Assert.Equal("red", await ns.JsonPathAsync("configmap/x", "{.data.color}"));
    }

    [Fact]
    public async Task Replace_with_a_stale_resource_version_is_a_conflict()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "replace-stale");
        await ns.ApplyAsync(Settings);
        var stale = (await ns.Run("get", "configmap", "x", "-o", "yaml")).EnsureSuccess().Stdout;
        (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        var result = await ns.RunWithInput(stale.Replace("color: blue", "color: red", StringComparison.Ordinal), "replace", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your changes to the latest version and try again\n",
            result.Stderr);
        Assert.Equal("blue", await ns.JsonPathAsync("configmap/x", "{.data.color}"));
    }

    [Fact]
    public async Task Replace_without_a_resource_version_overwrites_unconditionally()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "replace-norv");
        await ns.ApplyAsync(Settings);
        (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        var result = (await ns.RunWithInput(Settings.Replace("color: blue", "color: red", StringComparison.Ordinal), "replace", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap/x replaced\n", result.Stdout);
        Assert.Equal("red", await ns.JsonPathAsync("configmap/x", "{.data.color}"));
        Assert.Equal("", await ns.JsonPathAsync("configmap/x", "{.metadata.labels}"));
    }

    [Fact]
    public async Task Replace_of_a_missing_object_is_not_found()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "replace-missing");

        var result = await ns.RunWithInput(Settings, "replace", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): error when replacing \"STDIN\": configmaps \"x\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Replace_force_deletes_and_recreates_the_object()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "replace-force");
        await ns.ApplyAsync(Settings);
        var uid = await ns.JsonPathAsync("configmap/x", "{.metadata.uid}");

        var result = (await ns.RunWithInput(Settings.Replace("color: blue", "color: red", StringComparison.Ordinal), "replace", "--force", "-f", "-")).EnsureSuccess();

        Assert.Equal("configmap \"x\" deleted\nconfigmap/x replaced\n", result.Stdout);
        Assert.NotEqual(uid, await ns.JsonPathAsync("configmap/x", "{.metadata.uid}"));
        Assert.Equal("red", await ns.JsonPathAsync("configmap/x", "{.data.color}"));
    }

    [Fact]
    public async Task Edit_through_an_editor_command_says_edited_and_saves_the_change()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "edit");
        await ns.ApplyAsync(Settings);

        var result = (await ns.RunWithEnvironment(Editor("sed -i s/blue/green/"), "edit", "configmap", "x")).EnsureSuccess();

        Assert.Equal("configmap/x edited\n", result.Stdout);
        Assert.Equal("green", await ns.JsonPathAsync("configmap/x", "{.data.color}"));
    }

    [Fact]
    public async Task Edit_that_changes_nothing_is_cancelled()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "edit-none");
        await ns.ApplyAsync(Settings);
        var before = await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}");

        var result = (await ns.RunWithEnvironment(Editor("true"), "edit", "configmap", "x")).EnsureSuccess();

        Assert.Equal("", result.Stdout);
        Assert.Equal("Edit cancelled, no changes made.\n", result.Stderr);
        Assert.Equal(before, await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}"));
    }

    [Fact]
    public async Task Edit_that_makes_the_object_invalid_reports_the_field_and_keeps_the_object()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "edit-invalid");
        await ns.ApplyAsync(Manifests.Deployment("web", "nginx:1.27"));

        // kubectl reopens the editor on an invalid edit; sed changes nothing the second time, so kubectl gives up.
        var result = await ns.RunWithEnvironment(Editor("sed -i 's/replicas: 1$/replicas: -1/'"), "edit", "deployment", "web");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: deployments.apps \"web\" is invalid\nA copy of your changes has been stored to \"", result.Stderr);
        Assert.EndsWith("\"\nerror: Edit cancelled, no valid changes were saved.\n", result.Stderr);
        Assert.Equal("1", await ns.JsonPathAsync("deployment/web", "{.spec.replicas}"));
    }

    // KUBE_EDITOR wins over EDITOR in kubectl; set both so the machine's own choice never leaks in.
    private static Dictionary<string, string> Editor(string command) => new()
    {
        ["KUBE_EDITOR"] = command,
        ["EDITOR"] = command,
    };
}
