using System.Collections.Concurrent;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.TaintEviction;

/// <summary>What to do about one pod on a node with NoExecute taints.</summary>
public enum EvictionAction
{
    /// <summary>Nothing to evict for (no taints, or tolerated forever); any planned eviction is cancelled.</summary>
    None,

    /// <summary>Delete the pod now.</summary>
    EvictNow,

    /// <summary>Delete the pod at <see cref="EvictionDecision.At"/> unless things change.</summary>
    Wait,
}

/// <param name="Cancelled">a planned eviction was dropped (upstream records "Cancelling deletion").</param>
public readonly record struct EvictionDecision(EvictionAction Action, DateTimeOffset At = default, bool Cancelled = false);

/// <summary>
/// The taint eviction controller's timed work (upstream's taintEvictionQueue and processPodOnNode):
/// a pod that does not tolerate every NoExecute taint of its node goes at once; one that does goes
/// after the shortest tolerationSeconds among the tolerations it uses (≤ 0 meaning at once, none
/// set meaning never), counted from when the controller first saw it tainted. A planned eviction
/// keeps its start when the taints change, as upstream.
/// </summary>
public sealed class EvictionSchedule
{
    private readonly ConcurrentDictionary<string, Planned> planned = new(StringComparer.Ordinal);

    private sealed record Planned(DateTimeOffset CreatedAt, DateTimeOffset FireAt);

    public int Count => planned.Count;

    public EvictionDecision Plan(string podKey, IReadOnlyList<V1Taint> noExecuteTaints, IList<V1Toleration>? tolerations, DateTimeOffset now)
    {
        if (noExecuteTaints.Count == 0)
        {
            return new EvictionDecision(EvictionAction.None, Cancelled: Forget(podKey));
        }
        var (allTolerated, used) = Tolerations.Matching(noExecuteTaints, tolerations);
        if (!allTolerated)
        {
            planned.TryRemove(podKey, out _);
            return new EvictionDecision(EvictionAction.EvictNow, now);
        }
        var tolerated = MinTolerationTime(used);
        if (tolerated is null)
        {
            return new EvictionDecision(EvictionAction.None, Cancelled: Forget(podKey));
        }
        var trigger = now + tolerated.Value;
        if (planned.TryGetValue(podKey, out var existing))
        {
            // Upstream keeps a planned eviction that fires no later than a new plan would.
            if (existing.CreatedAt + tolerated.Value < trigger)
            {
                return Decide(existing.FireAt, now);
            }
            planned[podKey] = new Planned(existing.CreatedAt, trigger);
            return Decide(trigger, now);
        }
        planned[podKey] = new Planned(now, trigger);
        return Decide(trigger, now);
    }

    /// <summary>Drops the pod's plan; true if there was one.</summary>
    public bool Forget(string podKey) => planned.TryRemove(podKey, out _);

    private EvictionDecision Decide(DateTimeOffset at, DateTimeOffset now) =>
        at <= now ? new EvictionDecision(EvictionAction.EvictNow, at) : new EvictionDecision(EvictionAction.Wait, at);

    /// <summary>The shortest tolerationSeconds; zero if any is ≤ 0; null (forever) if none is set.</summary>
    public static TimeSpan? MinTolerationTime(IReadOnlyList<V1Toleration> used)
    {
        if (used.Count == 0)
        {
            return TimeSpan.Zero;
        }
        long? min = null;
        foreach (var toleration in used)
        {
            if (toleration.TolerationSeconds is { } seconds)
            {
                if (seconds <= 0)
                {
                    return TimeSpan.Zero;
                }
                min = min is null ? seconds : Math.Min(min.Value, seconds);
            }
        }
        return min is null ? null : TimeSpan.FromSeconds(min.Value);
    }
}
