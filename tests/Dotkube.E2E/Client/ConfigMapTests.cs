using System.Net;
using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Client;

/// <summary>ConfigMaps through the official client's typed models: create, read, update, patch, delete.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ConfigMapTests(SharedServerFixture fixture)
{
    private readonly Kubernetes _client = fixture.Server.Client();

    [Fact]
    public async Task A_config_map_is_created_read_updated_and_deleted()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-crud");

        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            ConfigMap("settings", new Dictionary<string, string> { ["color"] = "blue" }, new Dictionary<string, string> { ["team"] = "a" }), ns);

        Assert.Equal("settings", created.Metadata.Name);
        Assert.Equal(ns, created.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.True(Rv(created) > 0);
        Assert.Equal("blue", created.Data["color"]);

        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("a", read.Metadata.Labels["team"]);

        read.Data["color"] = "green";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", ns);
        Assert.Equal("green", updated.Data["color"]);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        Assert.Equal(created.Metadata.CreationTimestamp, updated.Metadata.CreationTimestamp);
        Assert.True(Rv(updated) > Rv(created), $"update rv {updated.Metadata.ResourceVersion} not above create rv {created.Metadata.ResourceVersion}");

        var deleted = await _client.CoreV1.DeleteNamespacedConfigMapAsync("settings", ns);
        Assert.Equal("Success", deleted.Status);
        Assert.Equal("settings", deleted.Details.Name);
        Assert.Equal("configmaps", deleted.Details.Kind);
        Assert.Equal(created.Metadata.Uid, deleted.Details.Uid);

        var gone = await ExpectStatusAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns), HttpStatusCode.NotFound, "NotFound");
        Assert.Equal("configmaps \"settings\" not found", gone.Message);
        Assert.Equal("settings", gone.Details.Name);
        Assert.Equal("configmaps", gone.Details.Kind);
    }

    [Fact]
    public async Task Creating_a_config_map_that_exists_is_409_AlreadyExists()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-exists");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("twice"), ns);

        var status = await ExpectStatusAsync(
            () => _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("twice"), ns), HttpStatusCode.Conflict, "AlreadyExists");

        Assert.Equal("configmaps \"twice\" already exists", status.Message);
        Assert.Equal("twice", status.Details.Name);
        Assert.Equal("configmaps", status.Details.Kind);
    }

    [Fact]
    public async Task An_update_with_a_stale_resourceVersion_is_409_Conflict_and_changes_nothing()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-stale");
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("contested"), ns);
        var stale = await _client.CoreV1.ReadNamespacedConfigMapAsync("contested", ns);
        first.Data["key"] = "winner";
        var winner = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "contested", ns);

        stale.Data["key"] = "loser";
        var status = await ExpectStatusAsync(
            () => _client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "contested", ns), HttpStatusCode.Conflict, "Conflict");

        Assert.Equal(
            "Operation cannot be fulfilled on configmaps \"contested\": the object has been modified; please apply your changes to the latest version and try again",
            status.Message);
        var now = await _client.CoreV1.ReadNamespacedConfigMapAsync("contested", ns);
        Assert.Equal("winner", now.Data["key"]);
        Assert.Equal(winner.Metadata.ResourceVersion, now.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_update_without_a_resourceVersion_is_unconditional()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-uncond");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("free"), ns);

        var body = ConfigMap("free", new Dictionary<string, string> { ["key"] = "overwritten" });
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(body, "free", ns);

        Assert.Equal("overwritten", updated.Data["key"]);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        Assert.True(Rv(updated) > Rv(created));
    }

    [Fact]
    public async Task A_merge_patch_sets_and_removes_keys()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-merge");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            ConfigMap("patched", new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" }), ns);

        var patch = new V1Patch("""{"metadata":{"labels":{"patched":"yes"}},"data":{"drop":null,"added":"3"}}""", V1Patch.PatchType.MergePatch);
        var patched = await _client.CoreV1.PatchNamespacedConfigMapAsync(patch, "patched", ns);

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["added"] = "3" }, patched.Data);
        Assert.Equal("yes", patched.Metadata.Labels["patched"]);
        Assert.True(Rv(patched) > Rv(created));
        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("patched", ns);
        Assert.Equal(patched.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal(patched.Data, read.Data);
    }

    [Fact]
    public async Task A_json_patch_test_operation_that_fails_is_422_and_changes_nothing()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-jsonpatch");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("guarded"), ns);

        var applied = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/key","value":"value"},{"op":"replace","path":"/data/key","value":"next"}]""", V1Patch.PatchType.JsonPatch),
            "guarded", ns);
        Assert.Equal("next", applied.Data["key"]);

        // Upstream maps a failed JSON patch (a test op that does not hold) to 422 Invalid.
        await ExpectStatusAsync(
            () => _client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch("""[{"op":"test","path":"/data/key","value":"value"},{"op":"replace","path":"/data/key","value":"again"}]""", V1Patch.PatchType.JsonPatch),
                "guarded", ns),
            HttpStatusCode.UnprocessableEntity, "Invalid");

        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("guarded", ns);
        Assert.Equal("next", read.Data["key"]);
        Assert.Equal(applied.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.True(Rv(applied) > Rv(created));
    }

    [Fact]
    public async Task A_patch_with_a_stale_resourceVersion_in_the_body_is_409_Conflict()
    {
        var ns = await CreateNamespaceAsync(_client, "cm-patch-rv");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("pinned"), ns);
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"moved"}}""", V1Patch.PatchType.MergePatch), "pinned", ns);

        var patch = $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"key":"late"}}""";
        await ExpectStatusAsync(
            () => _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "pinned", ns),
            HttpStatusCode.Conflict, "Conflict");

        Assert.Equal("moved", (await _client.CoreV1.ReadNamespacedConfigMapAsync("pinned", ns)).Data["key"]);
    }
}
