using k8s.Models;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// Zone-aware rate limiting of NoExecute tainting (upstream's handleDisruption, ComputeZoneState
/// and the per-zone tainter limiters): every monitor pass classifies each zone by its nodes' Ready
/// conditions and sets the zone's tainting rate; a node gets a new NoExecute taint only with a
/// token from its zone's bucket. When every zone is fully disrupted the controller stops tainting
/// and lifts the NoExecute taints (it is more likely cut off than every node dead); when one
/// comes back, every node's probe time restarts so none is condemned for the outage.
/// </summary>
public sealed class ZoneDisruption(NodeLifecycleOptions options)
{
    /// <summary>Label that keeps a node out of the zone counts (node.kubernetes.io/exclude-disruption).</summary>
    public const string ExcludeDisruptionLabel = "node.kubernetes.io/exclude-disruption";

    private readonly object gate = new();
    private readonly Dictionary<string, ZoneState> states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);

    /// <summary>True while every zone is fully disrupted: no NoExecute taints at all.</summary>
    public bool AllFullyDisrupted { get; private set; }

    /// <summary>What a pass changed that needs every node looked at again.</summary>
    public enum Change
    {
        None,
        ZoneStates,
        EnteredFullDisruption,
        ExitedFullDisruption,
    }

    /// <summary>upstream's GetZoneKey: region and zone (topology labels, else the beta ones); "" without either.</summary>
    public static string ZoneKey(V1Node node)
    {
        var labels = node.Metadata?.Labels;
        if (labels is null)
        {
            return "";
        }
        var zone = labels.TryGetValue("topology.kubernetes.io/zone", out var z) ? z
            : labels.TryGetValue("failure-domain.beta.kubernetes.io/zone", out var bz) ? bz : "";
        var region = labels.TryGetValue("topology.kubernetes.io/region", out var r) ? r
            : labels.TryGetValue("failure-domain.beta.kubernetes.io/region", out var br) ? br : "";
        return region.Length == 0 && zone.Length == 0 ? "" : region + ":\0:" + zone;
    }

    /// <summary>
    /// upstream's ComputeZoneState: no Ready node (and some node) is full disruption; more than two
    /// unready nodes making at least the threshold is partial; anything else normal.
    /// </summary>
    public static ZoneState Classify(int ready, int notReady, double unhealthyThreshold) =>
        ready == 0 && notReady > 0 ? ZoneState.FullDisruption
        : notReady > 2 && (double)notReady / (notReady + ready) >= unhealthyThreshold ? ZoneState.PartialDisruption
        : ZoneState.Normal;

    public ZoneState StateOf(string zone)
    {
        lock (gate)
        {
            return states.GetValueOrDefault(zone, ZoneState.Initial);
        }
    }

    /// <summary>The tainting rate (per second) for a zone of <paramref name="size"/> nodes in <paramref name="state"/>.</summary>
    public double RateFor(ZoneState state, int size) => state switch
    {
        ZoneState.PartialDisruption => size > options.LargeClusterSizeThreshold ? options.SecondaryNodeEvictionRate : 0,
        _ => options.NodeEvictionRate,
    };

    /// <summary>One monitor pass over all nodes (their current Ready conditions).</summary>
    public Change Update(IEnumerable<V1Node> nodes, DateTimeOffset now)
    {
        var counts = new Dictionary<string, (int Ready, int NotReady)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Metadata?.Labels?.ContainsKey(ExcludeDisruptionLabel) == true)
            {
                continue;
            }
            var key = ZoneKey(node);
            var (ready, notReady) = counts.GetValueOrDefault(key);
            counts[key] = NodeTaints.ReadyStatus(node) == "True" ? (ready + 1, notReady) : (ready, notReady + 1);
        }

        lock (gate)
        {
            var fresh = counts.ToDictionary(c => c.Key, c => Classify(c.Value.Ready, c.Value.NotReady, options.UnhealthyZoneThreshold), StringComparer.Ordinal);
            var allAre = fresh.Count > 0 && fresh.Values.All(s => s == ZoneState.FullDisruption);
            foreach (var zone in states.Keys.Where(z => !fresh.ContainsKey(z)).ToList())
            {
                states.Remove(zone);
                buckets.Remove(zone);
            }
            foreach (var zone in fresh.Keys.Where(z => !states.ContainsKey(z)))
            {
                states[zone] = ZoneState.Initial;
                buckets[zone] = new TokenBucket(options.NodeEvictionRate, now);
            }
            var allWere = states.Count > 0 && states.Values.All(s => s == ZoneState.FullDisruption);
            int Size(string zone) => counts[zone].Ready + counts[zone].NotReady;

            if (allAre && !allWere)
            {
                foreach (var zone in states.Keys.ToList())
                {
                    Swap(zone, 0, now);
                    states[zone] = ZoneState.FullDisruption;
                }
                AllFullyDisrupted = true;
                return Change.EnteredFullDisruption;
            }
            if (allAre)
            {
                return Change.None;
            }
            if (allWere)
            {
                foreach (var (zone, state) in fresh)
                {
                    Swap(zone, RateFor(state, Size(zone)), now);
                    states[zone] = state;
                }
                AllFullyDisrupted = false;
                return Change.ExitedFullDisruption;
            }
            var changed = false;
            foreach (var (zone, state) in fresh)
            {
                if (states[zone] != state)
                {
                    Swap(zone, RateFor(state, Size(zone)), now);
                    states[zone] = state;
                    changed = true;
                }
            }
            return changed ? Change.ZoneStates : Change.None;
        }
    }

    /// <summary>
    /// A token to put a new NoExecute taint on a node of <paramref name="zone"/>; when there is
    /// none, <paramref name="retryAfter"/> says when to ask again (null: not at this rate).
    /// </summary>
    public bool TryTaint(string zone, DateTimeOffset now, out TimeSpan? retryAfter)
    {
        lock (gate)
        {
            if (!buckets.TryGetValue(zone, out var bucket))
            {
                // A zone the last pass has not seen yet: the normal rate, as upstream's new-zone limiter.
                bucket = buckets[zone] = new TokenBucket(options.NodeEvictionRate, now);
                states.TryAdd(zone, ZoneState.Initial);
            }
            if (bucket.TryAccept(now))
            {
                retryAfter = null;
                return true;
            }
            retryAfter = bucket.UntilNext(now);
            return false;
        }
    }

    /// <summary>upstream's SwapLimiter: a new bucket at the new rate, empty if the old one was.</summary>
    private void Swap(string zone, double qps, DateTimeOffset now)
    {
        var old = buckets[zone];
        if (old.Qps == qps)
        {
            return;
        }
        var replacement = new TokenBucket(qps, now);
        if (qps > 0 && !old.TryAccept(now))
        {
            replacement.TryAccept(now);
        }
        buckets[zone] = replacement;
    }
}
