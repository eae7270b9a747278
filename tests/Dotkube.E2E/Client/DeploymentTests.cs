using System.Net;
using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Client;

/// <summary>
/// Deployments through the typed client: defaults, generation, the status and scale subresources —
/// the registry's semantics, on a server without the deployment controller that would write the
/// same objects.
/// </summary>
[Collection(ApiOnlyServerCollection.Name)]
public sealed class DeploymentTests(ApiOnlyServerFixture fixture)
{
    private readonly Kubernetes _client = fixture.Server.Client();

    [Fact]
    public async Task A_deployment_is_created_with_upstream_defaults_updated_and_deleted()
    {
        var ns = await CreateNamespaceAsync(_client, "deploy-crud");

        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("RollingUpdate", created.Spec.Strategy.Type);
        Assert.Equal("25%", created.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("25%", created.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(10, created.Spec.RevisionHistoryLimit);
        Assert.Equal(600, created.Spec.ProgressDeadlineSeconds);
        var pod = created.Spec.Template.Spec;
        Assert.Equal("Always", pod.RestartPolicy);
        Assert.Equal("ClusterFirst", pod.DnsPolicy);
        Assert.Equal(30, pod.TerminationGracePeriodSeconds);
        Assert.Equal("default-scheduler", pod.SchedulerName);
        Assert.Equal("IfNotPresent", pod.Containers[0].ImagePullPolicy);
        Assert.Equal("/dev/termination-log", pod.Containers[0].TerminationMessagePath);
        Assert.Equal("File", pod.Containers[0].TerminationMessagePolicy);

        created.Spec.Replicas = 5;
        var updated = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", ns);
        Assert.Equal(5, updated.Spec.Replicas);
        Assert.Equal(2, updated.Metadata.Generation);
        Assert.True(Rv(updated) > Rv(created));

        // A metadata-only change leaves the generation alone.
        updated.Metadata.Labels["tier"] = "front";
        var relabeled = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(updated, "web", ns);
        Assert.Equal(2, relabeled.Metadata.Generation);

        var list = await _client.AppsV1.ListNamespacedDeploymentAsync(ns);
        Assert.Equal(["web"], list.Items.Select(d => d.Metadata.Name));
        Assert.Equal("apps/v1", list.ApiVersion);
        Assert.Equal("DeploymentList", list.Kind);

        var deleted = await _client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns);
        Assert.Equal("Success", deleted.Status);
        await ExpectStatusAsync(() => _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns), HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task An_invalid_deployment_is_422_with_field_causes()
    {
        var ns = await CreateNamespaceAsync(_client, "deploy-invalid");
        var bad = Deployment("bad");
        bad.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };

        var status = await ExpectStatusAsync(() => _client.AppsV1.CreateNamespacedDeploymentAsync(bad, ns), HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.StartsWith("Deployment.apps \"bad\" is invalid: ", status.Message);
        Assert.Equal("apps", status.Details.Group);
        Assert.Equal("Deployment", status.Details.Kind);
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.template.metadata.labels" && c.Reason == "FieldValueInvalid");
    }

    [Fact]
    public async Task Replacing_status_changes_status_but_not_spec_or_generation()
    {
        var ns = await CreateNamespaceAsync(_client, "deploy-status");
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 3), ns);

        created.Spec.Replicas = 7;
        created.Status = new V1DeploymentStatus
        {
            ObservedGeneration = 1,
            Replicas = 3,
            UpdatedReplicas = 3,
            ReadyReplicas = 2,
            AvailableReplicas = 2,
        };
        var afterStatus = await _client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", ns);

        Assert.Equal(3, afterStatus.Spec.Replicas);
        Assert.Equal(1, afterStatus.Metadata.Generation);
        Assert.Equal(2, afterStatus.Status.ReadyReplicas);
        Assert.Equal(3, afterStatus.Status.Replicas);
        Assert.True(Rv(afterStatus) > Rv(created));
        var read = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(3, read.Spec.Replicas);
        Assert.Equal(2, read.Status.AvailableReplicas);
    }

    [Fact]
    public async Task Updating_the_main_resource_ignores_status()
    {
        var ns = await CreateNamespaceAsync(_client, "deploy-main");
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 3), ns);

        created.Spec.Replicas = 4;
        created.Status = new V1DeploymentStatus { Replicas = 9, ReadyReplicas = 9, AvailableReplicas = 9, UpdatedReplicas = 9 };
        var updated = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", ns);

        Assert.Equal(4, updated.Spec.Replicas);
        Assert.True(updated.Status?.Replicas is null or 0, $"status.replicas came through the main resource: {updated.Status?.Replicas}");
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_patches_replicas()
    {
        var ns = await CreateNamespaceAsync(_client, "deploy-scale");
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 2), ns);

        var scale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("web", scale.Metadata.Name);
        Assert.Equal(ns, scale.Metadata.NamespaceProperty);
        Assert.Equal(created.Metadata.Uid, scale.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, scale.Metadata.ResourceVersion);
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);

        var patched = await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(5, patched.Spec.Replicas);

        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(5, deployment.Spec.Replicas);
        Assert.Equal(2, deployment.Metadata.Generation);
        Assert.Equal(deployment.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Replacing_scale_with_a_stale_resourceVersion_is_409_and_negative_replicas_are_422()
    {
        var ns = await CreateNamespaceAsync(_client, "deploy-scale-bad");
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 2), ns);
        var stale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", ns);

        stale.Spec.Replicas = 9;
        await ExpectStatusAsync(() => _client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(stale, "web", ns), HttpStatusCode.Conflict, "Conflict");

        var negative = await ExpectStatusAsync(
            () => _client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":-1}}""", V1Patch.PatchType.MergePatch), "web", ns),
            HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains(negative.Details.Causes, c => c.Field == "spec.replicas");

        Assert.Equal(3, (await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
    }
}
