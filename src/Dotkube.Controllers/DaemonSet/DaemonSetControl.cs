using Dotkube.Client;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.Deployment;
using Dotkube.Controllers.History;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>
/// One sync of a DaemonSet (upstream's syncDaemonSet): finds or makes the revision of the current
/// template, puts a pod on every node that should run one and takes pods off nodes that should
/// not (manage), replaces old pods within maxUnavailable or maxSurge (rollingUpdate), trims the
/// history and writes the status. Pods the sync asked for but the informer has not shown yet hold
/// the next sync back (expectations), so nothing is created twice.
/// </summary>
public sealed partial class DaemonSetControl(IDaemonSetObjects objects, ControllerExpectations expectations, TimeProvider clock)
{
    /// <summary>At most this many pods are created or deleted in one sync (upstream's BurstReplicas).</summary>
    public const int BurstReplicas = 250;

    private readonly FailedPodBackoff failedPods = new(clock);

    /// <summary>Syncs the set; returns when to look again, if something is waiting on time alone.</summary>
    /// <param name="pods">the pods the set controls (claimed by the caller).</param>
    public async Task<TimeSpan?> SyncAsync(string key, V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods,
        IEnumerable<V1ControllerRevision> revisions, CancellationToken ct)
    {
        if (ds.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }
        var sorted = ControllerRevisions.Sorted(revisions);
        var (current, olds, relabelled) = await ConstructHistoryAsync(ds, sorted, pods, ct);
        pods = relabelled;
        var hash = current.Metadata.Labels?.TryGetValue(ControllerRevisions.HashLabel, out var h) == true ? h : "";
        if (!expectations.Satisfied(key))
        {
            await UpdateStatusAsync(ds, nodes, pods, hash, observed: false, ct);
            return null;
        }
        TimeSpan? requeue;
        Exception? error = null;
        try
        {
            requeue = await ManageAsync(key, ds, nodes, pods, hash, ct);
            if (expectations.Satisfied(key))
            {
                if ((ds.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "RollingUpdate")
                {
                    await RollingUpdateAsync(key, ds, nodes, pods, hash, ct);
                }
                await CleanupHistoryAsync(ds, pods, current, olds, ct);
            }
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            error = e;
            requeue = null;
        }
        var status = await UpdateStatusAsync(ds, nodes, pods, hash, observed: true, ct);
        if (error is not null)
        {
            throw error;
        }
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        if (minReady > 0 && status.NumberReady != (status.NumberAvailable ?? 0))
        {
            var wait = TimeSpan.FromSeconds(minReady);
            requeue = requeue is { } r && r < wait ? r : wait;
        }
        return requeue;
    }

    /// <summary>
    /// The revision of the current template (renumbered to the newest if it is an old one, created
    /// if there is none) and the others (upstream's constructHistory). A name taken by other data
    /// raises the collision count and fails this sync; the next one uses the new name. Returns the
    /// pods as they are after <see cref="DedupAsync"/> relabelled them.
    /// </summary>
    private async Task<(V1ControllerRevision Current, List<V1ControllerRevision> Olds, IReadOnlyList<V1Pod> Pods)> ConstructHistoryAsync(
        V1DaemonSet ds, List<V1ControllerRevision> sorted, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        var template = ds.Spec.Template ?? new V1PodTemplateSpec();
        var data = ControllerRevisions.TemplatePatch(template);
        var hash = PodTemplateHash.Compute(template, ds.Status?.CollisionCount);
        var candidate = ControllerRevisions.New(ds.Metadata, "apps/v1", "DaemonSet", template.Metadata?.Labels, ds.Metadata.Annotations, data, 0, ds.Status?.CollisionCount, hash);
        var equal = sorted.Where(r => ControllerRevisions.Equal(r, candidate)).ToList();
        var current = equal.Count > 0 ? equal[^1] : null;
        if (current is not null && equal.Count > 1)
        {
            pods = await DedupAsync(current, equal, pods, ct);
        }
        var olds = sorted.Where(r => !equal.Contains(r)).ToList();
        var next = (olds.Count == 0 ? 0 : olds.Max(r => r.Revision ?? 0)) + 1;
        if (current is not null)
        {
            if ((current.Revision ?? 0) < next)
            {
                var copy = ObjectCopy.Of(current);
                copy.Revision = next;
                current = await objects.UpdateRevisionAsync(copy, ct);
            }
            return (current, olds, pods);
        }
        candidate.Revision = next;
        try
        {
            return (await objects.CreateRevisionAsync(candidate, ct), olds, pods);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            var existing = await objects.GetRevisionAsync(ds.Metadata.NamespaceProperty ?? "", candidate.Metadata.Name, ct);
            if (existing is not null && OwnerRefs.ControllerOf(existing.Metadata)?.Uid == ds.Metadata.Uid && ControllerRevisions.Equal(existing, candidate))
            {
                // Ours, only missing from the cache so far.
                return (existing, olds, pods);
            }
            await objects.SetCollisionCountAsync(ds, (ds.Status?.CollisionCount ?? 0) + 1, ct);
            throw;
        }
    }

    /// <summary>
    /// Duplicates of the current state (left by an earlier collision) go and the newest stays
    /// (upstream's dedupCurHistories). Before each goes, every pod whose hash label differs from
    /// the kept revision's is relabelled to it, as upstream does, so no pod keeps pointing at a
    /// deleted revision.
    /// </summary>
    /// <returns>the pods with the labels they have now.</returns>
    private async Task<IReadOnlyList<V1Pod>> DedupAsync(V1ControllerRevision keep, List<V1ControllerRevision> equal, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        var hash = keep.Metadata.Labels?.TryGetValue(ControllerRevisions.HashLabel, out var h) == true ? h : "";
        var result = pods.ToList();
        foreach (var duplicate in equal.Where(r => r != keep))
        {
            for (var i = 0; i < result.Count; i++)
            {
                var label = result[i].Metadata.Labels?.TryGetValue(DaemonPods.RevisionHashLabel, out var l) == true ? l : "";
                if (label != hash)
                {
                    try
                    {
                        result[i] = await objects.RelabelPodAsync(result[i], hash, ct);
                    }
                    catch (KubeApiException e) when (e.IsNotFound)
                    {
                        // Gone meanwhile: its deletion event brings the set back here.
                    }
                }
            }
            await DeleteRevisionAsync(duplicate, ct);
        }
        return result;
    }

    /// <summary>Deletes the oldest revisions no pod uses beyond revisionHistoryLimit (upstream's cleanupHistory).</summary>
    private async Task CleanupHistoryAsync(V1DaemonSet ds, IReadOnlyList<V1Pod> pods, V1ControllerRevision current, List<V1ControllerRevision> olds, CancellationToken ct)
    {
        var liveHashes = pods.Select(p => p.Metadata.Labels?.TryGetValue(DaemonPods.RevisionHashLabel, out var h) == true ? h : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var live = olds.Where(r => r.Metadata.Labels?.TryGetValue(ControllerRevisions.HashLabel, out var h) == true && liveHashes.Contains(h))
            .Select(r => r.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        live.Add(current.Metadata.Name);
        await RevisionHistory.TruncateAsync(objects, olds, live, ds.Spec.RevisionHistoryLimit ?? 10, ct);
    }

    private async Task DeleteRevisionAsync(V1ControllerRevision revision, CancellationToken ct)
    {
        try
        {
            await objects.DeleteRevisionAsync(revision, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Already gone.
        }
    }

    /// <summary>Daemon pods by the node they are for, without finished pods already being deleted.</summary>
    public static Dictionary<string, List<V1Pod>> NodeToPods(IEnumerable<V1Pod> pods)
    {
        var result = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed" && pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (DaemonPods.TargetNode(pod) is { } node)
            {
                if (!result.TryGetValue(node, out var list))
                {
                    result[node] = list = [];
                }
                list.Add(pod);
            }
        }
        return result;
    }
}
