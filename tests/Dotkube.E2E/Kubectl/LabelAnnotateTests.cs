using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary><c>kubectl label</c> and <c>kubectl annotate</c>: add, refuse to overwrite, overwrite, remove.</summary>
[Collection(SharedServerCollection.Name)]
public class LabelAnnotateTests(SharedServerFixture fixture)
{
    private static async Task<KubectlNamespace> WithConfigMapAsync(SharedServerFixture fixture, string prefix)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, prefix);
        await ns.ApplyAsync(Manifests.ConfigMap("x", ["k=v"]));
        return ns;
    }

    [Fact]
    public async Task Label_adds_a_label_and_says_labeled()
    {
        var ns = await WithConfigMapAsync(fixture, "label-add");

        var result = (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        Assert.Equal("configmap/x labeled\n", result.Stdout);
        Assert.Equal("x", await ns.JsonPathAsync("configmap/x", "{.metadata.labels.app}"));
    }

    [Fact]
    public async Task Label_refuses_to_change_a_value_without_overwrite()
    {
        var ns = await WithConfigMapAsync(fixture, "label-noover");
        (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        var result = await ns.Run("label", "configmap", "x", "app=y");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: 'app' already has a value (x), and --overwrite is false\n", result.Stderr);
        Assert.Equal("x", await ns.JsonPathAsync("configmap/x", "{.metadata.labels.app}"));
    }

    [Fact]
    public async Task Label_with_overwrite_changes_the_value()
    {
        var ns = await WithConfigMapAsync(fixture, "label-over");
        (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        var result = (await ns.Run("label", "configmap", "x", "app=y", "--overwrite")).EnsureSuccess();

        Assert.Equal("configmap/x labeled\n", result.Stdout);
        Assert.Equal("y", await ns.JsonPathAsync("configmap/x", "{.metadata.labels.app}"));
    }

    [Fact]
    public async Task Label_with_a_trailing_dash_removes_the_label()
    {
        var ns = await WithConfigMapAsync(fixture, "label-rm");
        (await ns.Run("label", "configmap", "x", "app=x", "tier=front")).EnsureSuccess();

        var result = (await ns.Run("label", "configmap", "x", "app-")).EnsureSuccess();

        Assert.Equal("configmap/x unlabeled\n", result.Stdout);
        Assert.Equal("{\"tier\":\"front\"}", await ns.JsonPathAsync("configmap/x", "{.metadata.labels}"));
    }

    [Fact]
    public async Task Label_of_the_same_value_again_changes_nothing()
    {
        var ns = await WithConfigMapAsync(fixture, "label-same");
        (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();
        var before = await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}");

        var result = (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        Assert.Equal("configmap/x not labeled\n", result.Stdout);
        Assert.Equal(before, await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}"));
    }

    [Fact]
    public async Task Label_all_labels_every_object_of_the_type()
    {
        var ns = await WithConfigMapAsync(fixture, "label-all");
        await ns.ApplyAsync(Manifests.ConfigMap("y", ["k=v"]));

        var result = (await ns.Run("label", "configmaps", "--all", "batch=one")).EnsureSuccess();

        Assert.Contains("configmap/x labeled\n", result.Stdout);
        Assert.Contains("configmap/y labeled\n", result.Stdout);
        // As upstream, --all also takes the kube-root-ca.crt ConfigMap the root CA publisher puts in every namespace.
        var labeled = (await ns.Run("get", "configmaps", "-l", "batch=one", "-o", "name")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n != "configmap/kube-root-ca.crt");
        Assert.Equal(["configmap/x", "configmap/y"], labeled);
    }

    [Fact]
    public async Task Annotate_adds_refuses_to_overwrite_overwrites_and_removes()
    {
        var ns = await WithConfigMapAsync(fixture, "annotate");

        var added = (await ns.Run("annotate", "configmap", "x", "note=first")).EnsureSuccess();
        var refused = await ns.Run("annotate", "configmap", "x", "note=second");
        var afterRefusal = await ns.JsonPathAsync("configmap/x", "{.metadata.annotations.note}");
        var overwritten = (await ns.Run("annotate", "configmap", "x", "note=second", "--overwrite")).EnsureSuccess();
        var afterOverwrite = await ns.JsonPathAsync("configmap/x", "{.metadata.annotations.note}");
        var removed = (await ns.Run("annotate", "configmap", "x", "note-")).EnsureSuccess();

        Assert.Equal("configmap/x annotated\n", added.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (first)\n", refused.Stderr);
        Assert.Equal("first", afterRefusal);
        Assert.Equal("configmap/x annotated\n", overwritten.Stdout);
        Assert.Equal("second", afterOverwrite);
        Assert.Equal("configmap/x annotated\n", removed.Stdout);
        Assert.Equal("", await ns.JsonPathAsync("configmap/x", "{.metadata.annotations.note}"));
    }

    [Fact]
    public async Task Annotate_with_a_stale_resource_version_is_a_conflict()
    {
        var ns = await WithConfigMapAsync(fixture, "annotate-rv");
        var stale = await ns.JsonPathAsync("configmap/x", "{.metadata.resourceVersion}");
        (await ns.Run("label", "configmap", "x", "app=x")).EnsureSuccess();

        var result = await ns.Run("annotate", "configmap", "x", "note=late", $"--resource-version={stale}");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Error from server (Conflict): Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your changes to the latest version and try again\n",
            result.Stderr);
    }
}
