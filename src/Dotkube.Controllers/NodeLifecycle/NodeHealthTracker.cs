using System.Collections.Concurrent;
using k8s.Models;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// When each node was last heard from, as the controller saw it (upstream's nodeHealthData): the
/// probe time moves to the controller's own "now" whenever the node's Ready heartbeat or its Lease
/// renewal time changes, so clock skew between node and controller does not matter. A node is
/// stale once its probe time is older than the grace period (the startup grace period for a node
/// that never reported Ready).
/// </summary>
public sealed class NodeHealthTracker(NodeLifecycleOptions options)
{
    private readonly ConcurrentDictionary<string, Probe> probes = new(StringComparer.Ordinal);

    private sealed record Probe(DateTimeOffset At, DateTime? Heartbeat, DateTime? LeaseRenew);

    /// <summary>Records what the node and its Lease say now; returns when the node goes (or went) stale.</summary>
    public DateTimeOffset Observe(V1Node node, V1Lease? lease, DateTimeOffset now)
    {
        var name = node.Metadata.Name;
        var heartbeat = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.LastHeartbeatTime;
        var renew = lease?.Spec?.RenewTime;
        var probe = probes.AddOrUpdate(name,
            _ => new Probe(now, heartbeat, renew),
            (_, old) => old.Heartbeat != heartbeat || old.LeaseRenew != renew ? new Probe(now, heartbeat, renew) : old);
        var hasReady = node.Status?.Conditions?.Any(c => c.Type == "Ready") == true;
        return probe.At + (hasReady ? options.GracePeriod : options.StartupGracePeriod);
    }

    public void Forget(string node) => probes.TryRemove(node, out _);

    /// <summary>
    /// Every node's probe time restarts at <paramref name="now"/> (leaving full disruption: no
    /// node is condemned for the time the controller could not hear anyone).
    /// </summary>
    public void ResetAll(DateTimeOffset now)
    {
        foreach (var (name, probe) in probes)
        {
            probes.TryUpdate(name, probe with { At = now }, probe);
        }
    }
}
