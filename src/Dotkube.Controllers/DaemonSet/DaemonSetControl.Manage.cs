using Dotkube.Client;
using Dotkube.Controllers.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

public sealed partial class DaemonSetControl
{
    /// <summary>
    /// Which nodes need a pod and which pods must go (upstream's manage and podsShouldBeOnNode): a
    /// node that should run the pod and has none gets one; failed pods are killed (with backoff);
    /// extra pods on a node go, oldest kept (while surging, an old and a new pod may share a node
    /// until the new one is ready); pods on nodes that should not run them go, as do unscheduled
    /// pods meant for nodes that no longer exist.
    /// </summary>
    private async Task<TimeSpan?> ManageAsync(string key, V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, string hash, CancellationToken ct)
    {
        var nodeToPods = NodeToPods(pods);
        var surge = AllowsSurge(ds);
        var needing = new List<string>();
        var toDelete = new List<V1Pod>();
        TimeSpan? requeue = null;
        foreach (var node in nodes)
        {
            var name = node.Metadata.Name;
            var (shouldRun, shouldContinue) = NodeEligibility.ShouldRun(node, ds);
            var exists = nodeToPods.TryGetValue(name, out var daemonPods);
            if (shouldRun && !exists)
            {
                needing.Add(name);
                continue;
            }
            if (!shouldContinue)
            {
                if (exists)
                {
                    toDelete.AddRange(daemonPods!.Where(p => p.Metadata.DeletionTimestamp is null));
                }
                continue;
            }
            var running = new List<V1Pod>();
            foreach (var pod in daemonPods ?? [])
            {
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }
                if (pod.Status?.Phase == "Failed")
                {
                    var backoffKey = FailedPodBackoff.Key(key, name);
                    if (failedPods.InBackoff(backoffKey, out var delay))
                    {
                        requeue = requeue is { } r && r < delay ? r : delay;
                        continue;
                    }
                    failedPods.Next(backoffKey);
                    objects.Record(ds, "Warning", "FailedDaemonPod", $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {name}, will try to kill it");
                    toDelete.Add(pod);
                    continue;
                }
                running.Add(pod);
            }
            if (!surge)
            {
                toDelete.AddRange(DaemonPods.OldestFirst(running).Skip(1));
                continue;
            }
            if (running.Count == 0)
            {
                if (shouldRun)
                {
                    needing.Add(name);
                }
                continue;
            }
            toDelete.AddRange(SurplusWhileSurging(running, hash));
        }
        var known = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (node, list) in nodeToPods)
        {
            if (!known.Contains(node))
            {
                toDelete.AddRange(list.Where(p => string.IsNullOrEmpty(p.Spec?.NodeName) && p.Metadata.DeletionTimestamp is null));
            }
        }
        await SyncNodesAsync(key, ds, toDelete, needing, hash, ct);
        return requeue;
    }

    /// <summary>
    /// While surging, a node keeps the oldest new pod and the oldest old one only while the new one
    /// is not ready and the old one is; everything else goes.
    /// </summary>
    private static List<V1Pod> SurplusWhileSurging(List<V1Pod> running, string hash)
    {
        var surplus = new List<V1Pod>();
        V1Pod? oldestNew = null, oldestOld = null;
        foreach (var pod in DaemonPods.OldestFirst(running))
        {
            var isNew = pod.Metadata.Labels?.TryGetValue(DaemonPods.RevisionHashLabel, out var h) == true && h == hash;
            if (isNew && oldestNew is null)
            {
                oldestNew = pod;
            }
            else if (!isNew && oldestOld is null)
            {
                oldestOld = pod;
            }
            else
            {
                surplus.Add(pod);
            }
        }
        if (oldestNew is not null && oldestOld is not null && (!Common.PodUtil.IsReady(oldestOld) || Common.PodUtil.IsReady(oldestNew)))
        {
            surplus.Add(oldestOld);
        }
        return surplus;
    }

    /// <summary>Creates pods for <paramref name="nodes"/> in slow-start batches and deletes <paramref name="toDelete"/>, expecting both (upstream's syncNodes).</summary>
    private async Task SyncNodesAsync(string key, V1DaemonSet ds, List<V1Pod> toDelete, List<string> nodes, string hash, CancellationToken ct)
    {
        var creating = nodes.Take(BurstReplicas).ToList();
        var deleting = toDelete.DistinctBy(p => p.Metadata.Uid ?? p.Metadata.Name).Take(BurstReplicas).ToList();
        if (creating.Count == 0 && deleting.Count == 0)
        {
            return;
        }
        expectations.Expect(key, creating.Count, deleting.Select(Common.OwnerEventRouter<V1DaemonSet>.PodKey));
        var index = -1;
        var (_, createError) = await SlowStart.RunAsync(creating.Count, async () =>
        {
            var node = creating[Interlocked.Increment(ref index)];
            try
            {
                var created = await objects.CreatePodAsync(DaemonPods.New(ds, node, hash), ct);
                objects.Record(ds, "Normal", "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
            {
                // The creation will never be observed: stop waiting for it.
                expectations.CreationObserved(key);
                objects.Record(ds, "Warning", "FailedCreate", $"Error creating: {e.Message}");
                throw;
            }
        });
        for (var skipped = creating.Count - (index + 1); skipped > 0; skipped--)
        {
            expectations.CreationObserved(key);
        }
        var deleteErrors = await Task.WhenAll(deleting.Select(async pod =>
        {
            try
            {
                await objects.DeletePodAsync(pod, ct);
                objects.Record(ds, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                return null;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                expectations.DeletionObserved(key, Common.OwnerEventRouter<V1DaemonSet>.PodKey(pod));
                return null;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
            {
                expectations.DeletionObserved(key, Common.OwnerEventRouter<V1DaemonSet>.PodKey(pod));
                objects.Record(ds, "Warning", "FailedDelete", $"Error deleting: {e.Message}");
                return e;
            }
        }));
        if ((createError ?? deleteErrors.FirstOrDefault(e => e is not null)) is { } error)
        {
            throw error;
        }
    }
}
