using System.Collections.Concurrent;
using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Node.Simulated;

/// <summary>
/// The kubelet's half of volume expansion on simulated nodes: a claim whose controller expansion is
/// done (allocatedResourceStatuses storage NodeResizePending, or NodeResizeInProgress after a
/// restart) is finished by a node running a pod that mounts it, as the kubelet does on mount —
/// NodeResizeInProgress, then status.capacity set to the volume's capacity, the resize conditions
/// and the storage status dropped, and FileSystemResizeSuccessful events on the pod and the claim.
/// A simulated volume has no filesystem to grow, so the step always succeeds. Writes go through the
/// node's own identity (the Node authorizer lets a node update the status of claims its pods use).
/// </summary>
internal sealed class NodeVolumeExpander(
    IObjectCache<V1PersistentVolumeClaim> claims,
    IObjectCache<V1Pod> pods,
    Func<string, SimulatedNode?> nodeNamed,
    TimeProvider clock) : IReconciler, IAsyncDisposable
{
    public const string Storage = "storage";
    public const string NodeResizePending = "NodeResizePending";
    public const string NodeResizeInProgress = "NodeResizeInProgress";

    private readonly ConcurrentDictionary<string, EventRecorder> recorders = new(StringComparer.Ordinal);

    /// <summary>The claims a pod mounts (persistentVolumeClaim volumes and generic ephemeral ones).</summary>
    public static IEnumerable<string> ClaimsOf(V1Pod pod)
    {
        foreach (var v in pod.Spec?.Volumes ?? [])
        {
            if (v.PersistentVolumeClaim?.ClaimName is { Length: > 0 } name)
            {
                yield return name;
            }
            else if (v.Ephemeral is not null)
            {
                yield return $"{pod.Metadata.Name}-{v.Name}";
            }
        }
    }

    /// <summary>Whether the node side of an expansion is the claim's next step.</summary>
    public static bool AwaitsNode(V1PersistentVolumeClaim claim) =>
        claim.Status?.AllocatedResourceStatuses is { } s && s.TryGetValue(Storage, out var v) && v is NodeResizePending or NodeResizeInProgress;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (claims.Get(key.Namespace, key.Name) is not { } claim || !AwaitsNode(claim) || string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            return ReconcileResult.Done;
        }

        // The volume is mounted where a running pod uses it.
        var (pod, node) = pods.List(key.Namespace)
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running" && ClaimsOf(p).Contains(key.Name))
            .Select(p => (Pod: p, Node: p.Spec?.NodeName is { } n ? nodeNamed(n) : null))
            .FirstOrDefault(x => x.Node is { PoweredOff: false });
        if (pod is null || node is null)
        {
            return ReconcileResult.Done;
        }

        var volume = await node.Client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes).GetAsync(null, claim.Spec.VolumeName, ct);
        if (volume.Spec?.Capacity is not { } capacity || !capacity.TryGetValue(Storage, out var size))
        {
            return ReconcileResult.Done;
        }

        var client = node.Client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        if (claim.Status.AllocatedResourceStatuses[Storage] != NodeResizeInProgress)
        {
            var inProgress = Copy(claim);
            inProgress.Status.AllocatedResourceStatuses[Storage] = NodeResizeInProgress;
            claim = await client.UpdateStatusAsync(inProgress, cancellationToken: ct);
        }

        var message = $"MountVolume.NodeExpandVolume succeeded for volume \"{volume.Metadata.Name}\" {node.Name}";
        var events = recorders.GetOrAdd(node.Name, n => new EventRecorder(node.Client, "kubelet", host: n, timeProvider: clock));
        events.Event(pod, "Normal", "FileSystemResizeSuccessful", message, ResourceType.Pods);
        events.Event(claim, "Normal", "FileSystemResizeSuccessful", message, ResourceType.PersistentVolumeClaims);

        var finished = Copy(claim);
        finished.Status.Capacity ??= new Dictionary<string, ResourceQuantity>();
        finished.Status.Capacity[Storage] = new ResourceQuantity(size.ToString());
        finished.Status.Conditions = finished.Status.Conditions?.Where(c => c.Type is not ("Resizing" or "FileSystemResizePending")).ToList();
        if (finished.Status.Conditions is { Count: 0 })
        {
            finished.Status.Conditions = null;
        }

        finished.Status.AllocatedResourceStatuses.Remove(Storage);
        if (finished.Status.AllocatedResourceStatuses.Count == 0)
        {
            finished.Status.AllocatedResourceStatuses = null;
        }

        await client.UpdateStatusAsync(finished, cancellationToken: ct);
        return ReconcileResult.Done;
    }

    private static V1PersistentVolumeClaim Copy(V1PersistentVolumeClaim claim) =>
        JsonSerializer.Deserialize<V1PersistentVolumeClaim>(JsonSerializer.SerializeToUtf8Bytes(claim, KubeJson.Options), KubeJson.Options)!;

    public async ValueTask DisposeAsync()
    {
        foreach (var r in recorders.Values)
        {
            await r.DisposeAsync();
        }
    }
}
