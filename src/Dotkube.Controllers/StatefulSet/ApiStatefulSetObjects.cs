using Dotkube.Controllers.Common;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>The StatefulSet controller's writes through its own client; claims are read from the informer.</summary>
public sealed class ApiStatefulSetObjects(KubeApiClient client, IObjectCache<V1PersistentVolumeClaim> claims, EventRecorder events) : IStatefulSetObjects
{
    public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(pod, cancellationToken: cancellationToken);

    public Task UpdatePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        client.Resource<V1Pod>(ResourceType.Pods).UpdateAsync(pod, cancellationToken: cancellationToken);

    public Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        client.DeleteAsync(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken: cancellationToken);

    public V1PersistentVolumeClaim? GetClaim(string ns, string name) => claims.Get(ns, name);

    public Task CreateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken) =>
        client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims).CreateAsync(claim, cancellationToken: cancellationToken);

    public Task UpdateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken) =>
        client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims).UpdateAsync(claim, cancellationToken: cancellationToken);

    public async Task UpdateStatusAsync(V1StatefulSet set, V1StatefulSetStatus status, CancellationToken cancellationToken)
    {
        var copy = ObjectCopy.Of(set);
        copy.Status = ObjectCopy.Of(status);
        // Go leaves zero omitempty fields out; replicas and availableReplicas are always written.
        copy.Status.ReadyReplicas = NullIfZero(status.ReadyReplicas);
        copy.Status.CurrentReplicas = NullIfZero(status.CurrentReplicas);
        copy.Status.UpdatedReplicas = NullIfZero(status.UpdatedReplicas);
        try
        {
            await client.Resource<V1StatefulSet>(ResourceType.StatefulSets).UpdateStatusAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted meanwhile: nothing left to report on.
        }
    }

    private static int? NullIfZero(int? value) => value == 0 ? null : value;

    public void Record(V1StatefulSet set, string type, string reason, string message) =>
        events.Event(set, type, reason, message, ResourceType.StatefulSets);

    public Task<V1ControllerRevision> CreateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken) =>
        client.Resource<V1ControllerRevision>(ResourceType.ControllerRevisions).CreateAsync(revision, cancellationToken: cancellationToken);

    public Task<V1ControllerRevision?> GetRevisionAsync(string ns, string name, CancellationToken cancellationToken) =>
        client.TryGetAsync<V1ControllerRevision>(ResourceType.ControllerRevisions, ns, name, cancellationToken);

    public Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken) =>
        client.Resource<V1ControllerRevision>(ResourceType.ControllerRevisions).UpdateAsync(revision, cancellationToken: cancellationToken);

    public Task DeleteRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken) =>
        client.DeleteAsync(ResourceType.ControllerRevisions, revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken: cancellationToken);
}
