using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// One node's health (upstream's monitorNodeHealth and tainting passes, level-based per node): a
/// node silent past the grace period gets its conditions set to Unknown; its NoSchedule and
/// NoExecute taints are made to match its conditions (which also clears the not-ready taint
/// TaintNodesByCondition puts on new nodes once they report Ready); while it is not Ready, the
/// pods on it are marked not Ready. The key is looked at again when the node would go stale.
/// </summary>
public sealed class NodeLifecycleReconciler(
    KubeApiClient client,
    IObjectCache<V1Node> nodes,
    IObjectCache<V1Lease> leases,
    IObjectCache<V1Pod> pods,
    NodeHealthTracker health,
    ZoneDisruption zones,
    NodeLifecycleOptions options,
    EventRecorder events,
    TimeProvider clock,
    ILogger logger) : IReconciler
{
    public const string LeaseNamespace = "kube-node-lease";

    private readonly Dictionary<string, string> lastReady = new(StringComparer.Ordinal);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var node = nodes.Get(null, key.Name);
        if (node is null)
        {
            health.Forget(key.Name);
            lock (lastReady)
            {
                lastReady.Remove(key.Name);
            }
            return ReconcileResult.Done;
        }
        var now = clock.GetUtcNow();
        var staleAt = health.Observe(node, leases.Get(LeaseNamespace, key.Name), now);
        if (now >= staleAt)
        {
            var marked = ObjectCopy.Of(node);
            if (NodeConditions.MarkUnknown(marked, MetaTime.From(now)))
            {
                logger.LogInformation("node {Node} has not been heard from for {Grace}: marking it Unknown", key.Name, options.GracePeriod);
                try
                {
                    // The update comes back through the informer, and the taints follow then.
                    await client.Resource<V1Node>(ResourceType.Nodes).UpdateStatusAsync(marked, cancellationToken: cancellationToken);
                    return ReconcileResult.Done;
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    return ReconcileResult.Done;
                }
                catch (KubeApiException e) when (e.IsConflict)
                {
                    // The node (or its kubelet) wrote meanwhile: look again with what it wrote.
                    return ReconcileResult.After(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        var taintRetry = await ReconcileTaintsAsync(node, now, cancellationToken);
        var ready = NodeTaints.ReadyStatus(node);
        // Pods are marked once, when the node is seen going not Ready (or first seen so), as
        // upstream: a kubelet coming back reports its pods again, and must not be undone.
        if (RecordTransition(node, ready) && ready != "True")
        {
            if (!await MarkPodsNotReadyAsync(node, now, cancellationToken))
            {
                Retry(node.Metadata.Name);
            }
        }
        var next = staleAt > now ? staleAt - now : options.MonitorPeriod;
        next = next < options.MonitorPeriod ? options.MonitorPeriod : next;
        return ReconcileResult.After(taintRetry is { } retry && retry < next ? retry : next);
    }

    /// <summary>
    /// Makes the controller's taints match the node's conditions; a new NoExecute taint waits for
    /// its zone's rate limiter, and then the time to look again is returned.
    /// </summary>
    private async Task<TimeSpan?> ReconcileTaintsAsync(V1Node node, DateTimeOffset now, CancellationToken ct)
    {
        TimeSpan? retry = null;
        var zone = ZoneDisruption.ZoneKey(node);
        var taints = NodeTaints.Reconcile(node, MetaTime.From(now), zones.AllFullyDisrupted, () =>
        {
            if (zones.TryTaint(zone, now, out var after))
            {
                return true;
            }
            // A zone that taints at rate 0 is looked at again each monitor period.
            retry = after is { } a && a > TimeSpan.FromMilliseconds(100) ? a : after is null ? options.MonitorPeriod : TimeSpan.FromMilliseconds(100);
            return false;
        }, out _);
        if (taints is null)
        {
            return retry;
        }
        var updated = ObjectCopy.Of(node);
        updated.Spec ??= new V1NodeSpec();
        updated.Spec.Taints = taints.Count == 0 ? null : taints;
        try
        {
            await client.Resource<V1Node>(ResourceType.Nodes).UpdateAsync(updated, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone, or changed meanwhile: the informer brings the news and the key comes back.
        }
        return retry;
    }

    /// <summary>
    /// Events as upstream's RecordNodeStatusChange when Ready changes between True and not; true
    /// when it changed (or the node is seen for the first time, or a retry is due).
    /// </summary>
    private bool RecordTransition(V1Node node, string ready)
    {
        string? previous;
        lock (lastReady)
        {
            lastReady.TryGetValue(node.Metadata.Name, out previous);
            lastReady[node.Metadata.Name] = ready;
        }
        if (previous is null or RetryMarker)
        {
            return true;
        }
        if ((previous == "True") == (ready == "True"))
        {
            return false;
        }
        var status = ready == "True" ? "NodeReady" : "NodeNotReady";
        events.Event(new V1ObjectReference { Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Name, ApiVersion = "v1" },
            "Normal", status, $"Node {node.Metadata.Name} status is now: {status}");
        return true;
    }

    private const string RetryMarker = "";

    private void Retry(string node)
    {
        lock (lastReady)
        {
            lastReady[node] = RetryMarker;
        }
    }

    /// <summary>Upstream's MarkPodsNotReady: the Ready condition of every pod on the node goes False.</summary>
    private async Task<bool> MarkPodsNotReadyAsync(V1Node node, DateTimeOffset now, CancellationToken ct)
    {
        var done = true;
        foreach (var pod in pods.ByIndex(CacheIndexes.NodeName, node.Metadata.Name))
        {
            if (PodUtil.ReadyCondition(pod) is not { Status: "True" })
            {
                continue;
            }
            var copy = ObjectCopy.Of(pod);
            var condition = copy.Status.Conditions.First(c => c.Type == "Ready");
            condition.Status = "False";
            condition.LastTransitionTime = MetaTime.From(now);
            try
            {
                await client.Resource<V1Pod>(ResourceType.Pods).UpdateStatusAsync(copy, cancellationToken: ct);
                events.Event(pod, "Warning", "NodeNotReady", "Node is not ready", ResourceType.Pods);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Gone: nothing to mark.
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                done = false;
            }
        }
        return done;
    }
}
