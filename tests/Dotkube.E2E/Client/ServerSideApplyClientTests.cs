using System.Net;
using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Client;

/// <summary>Server-side apply through the official client: V1Patch with PatchType.ApplyPatch.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ServerSideApplyClientTests(SharedServerFixture fixture)
{
    private readonly Kubernetes _client = fixture.Server.Client();

    private static V1Patch Apply(object body) => new(body, V1Patch.PatchType.ApplyPatch);

    [Fact]
    public async Task An_apply_creates_then_updates_and_managedFields_name_the_manager()
    {
        var ns = await CreateNamespaceAsync(_client, "ssa-client");

        var created = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            Apply(ConfigMap("settings", new Dictionary<string, string> { ["color"] = "blue", ["size"] = "l" })), "settings", ns, fieldManager: "operator");
        var updated = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            Apply(ConfigMap("settings", new Dictionary<string, string> { ["color"] = "green" })), "settings", ns, fieldManager: "operator");

        Assert.Equal("blue", created.Data["color"]);
        Assert.Equal(new Dictionary<string, string> { ["color"] = "green" }, updated.Data);
        var entry = Assert.Single(updated.Metadata.ManagedFields);
        Assert.Equal(("operator", "Apply", "v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        Assert.NotNull(entry.Time);
    }

    [Fact]
    public async Task A_conflict_is_a_409_with_a_cause_per_field_and_force_wins()
    {
        var ns = await CreateNamespaceAsync(_client, "ssa-client-conflict");
        await _client.AppsV1.PatchNamespacedDeploymentAsync(Apply(Deployment("web", replicas: 2)), "web", ns, fieldManager: "alice");

        var status = await ExpectStatusAsync(
            () => _client.AppsV1.PatchNamespacedDeploymentAsync(Apply(Deployment("web", replicas: 4)), "web", ns, fieldManager: "bob"),
            HttpStatusCode.Conflict, "Conflict");
        var forced = await _client.AppsV1.PatchNamespacedDeploymentAsync(Apply(Deployment("web", replicas: 4)), "web", ns, fieldManager: "bob", force: true);

        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldManagerConflict", "conflict with \"alice\"", ".spec.replicas"), (cause.Reason, cause.Message, cause.Field));
        Assert.Equal(4, forced.Spec.Replicas);
    }

    [Fact]
    public async Task An_apply_without_a_field_manager_is_refused()
    {
        var ns = await CreateNamespaceAsync(_client, "ssa-client-nomanager");

        var status = await ExpectStatusAsync(
            () => _client.CoreV1.PatchNamespacedConfigMapAsync(Apply(ConfigMap("settings")), "settings", ns),
            HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", status.Message);
    }
}
