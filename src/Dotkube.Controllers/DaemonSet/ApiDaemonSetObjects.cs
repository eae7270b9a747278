using System.Text.Json;
using Dotkube.Controllers.Common;
using Dotkube.Client;
using Dotkube.Client.Events;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>The DaemonSet controller's writes through its own client (upstream's role lets it create, patch and delete pods, not update them).</summary>
public sealed class ApiDaemonSetObjects(KubeApiClient client, EventRecorder events) : IDaemonSetObjects
{
    public Task<V1Pod> CreatePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(pod, cancellationToken: cancellationToken);

    public Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        client.DeleteAsync(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken: cancellationToken);

    public Task<V1Pod> RelabelPodAsync(V1Pod pod, string hash, CancellationToken cancellationToken)
    {
        var patch = JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [DaemonPods.RevisionHashLabel] = hash } } });
        return client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken: cancellationToken);
    }

    public async Task UpdateStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status, CancellationToken cancellationToken)
    {
        var copy = ObjectCopy.Of(ds);
        copy.Status = ObjectCopy.Of(status);
        // Go leaves zero omitempty fields out; the four scheduling counts are always written.
        copy.Status.UpdatedNumberScheduled = NullIfZero(status.UpdatedNumberScheduled);
        copy.Status.NumberAvailable = NullIfZero(status.NumberAvailable);
        copy.Status.NumberUnavailable = NullIfZero(status.NumberUnavailable);
        try
        {
            await client.Resource<V1DaemonSet>(ResourceType.DaemonSets).UpdateStatusAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted meanwhile: nothing left to report on.
        }
    }

    private static int? NullIfZero(int? value) => value == 0 ? null : value;

    public async Task SetCollisionCountAsync(V1DaemonSet ds, int collisionCount, CancellationToken cancellationToken)
    {
        var copy = ObjectCopy.Of(ds);
        copy.Status ??= new V1DaemonSetStatus();
        copy.Status.CollisionCount = collisionCount;
        await client.Resource<V1DaemonSet>(ResourceType.DaemonSets).UpdateStatusAsync(copy, cancellationToken: cancellationToken);
    }

    public void Record(V1DaemonSet ds, string type, string reason, string message) =>
        events.Event(ds, type, reason, message, ResourceType.DaemonSets);

    public Task<V1ControllerRevision> CreateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken) =>
        client.Resource<V1ControllerRevision>(ResourceType.ControllerRevisions).CreateAsync(revision, cancellationToken: cancellationToken);

    public Task<V1ControllerRevision?> GetRevisionAsync(string ns, string name, CancellationToken cancellationToken) =>
        client.TryGetAsync<V1ControllerRevision>(ResourceType.ControllerRevisions, ns, name, cancellationToken);

    public Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken) =>
        client.Resource<V1ControllerRevision>(ResourceType.ControllerRevisions).UpdateAsync(revision, cancellationToken: cancellationToken);

    public Task DeleteRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken) =>
        client.DeleteAsync(ResourceType.ControllerRevisions, revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken: cancellationToken);
}
