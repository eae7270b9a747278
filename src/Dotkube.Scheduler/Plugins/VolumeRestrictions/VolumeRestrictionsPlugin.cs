using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.VolumeRestrictions;

/// <summary>A claim with access mode ReadWriteOncePod may be used by one pod in the whole cluster.</summary>
public sealed class VolumeRestrictionsPlugin : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IEnqueueExtensions
{
    public const string ErrReasonReadWriteOncePodConflict = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

    private const string StateKey = "PreFilter" + Names.VolumeRestrictions;

    private readonly ClusterCache _cache;

    public VolumeRestrictionsPlugin(ClusterCache cache)
    {
        _cache = cache;
    }

    public string Name => Names.VolumeRestrictions;

    public Status PreFilter(CycleState state, PodInfo pod)
    {
        var claims = pod.ClaimNames
            .Select(n => _cache.GetClaim(pod.Namespace, n))
            .Where(c => c?.Spec?.AccessModes?.Contains("ReadWriteOncePod") == true)
            .Select(c => pod.Namespace + "/" + c!.Metadata.Name)
            .ToHashSet(StringComparer.Ordinal);
        if (claims.Count == 0)
        {
            return Status.SkipStatus;
        }

        var conflicts = new ConflictCount(claims);
        foreach (var node in _cache.Nodes)
        {
            foreach (var key in claims)
            {
                conflicts.Count += node.PvcRefCounts.GetValueOrDefault(key);
            }
        }

        state.Write(StateKey, conflicts);
        return conflicts.Count > 0 ? Status.Unschedulable(ErrReasonReadWriteOncePodConflict) : Status.Success;
    }

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node) => Update(state, podToAdd, 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node) => Update(state, podToRemove, -1);

    private static void Update(CycleState state, PodInfo changed, int delta)
    {
        if (state.Read<ConflictCount>(StateKey) is { } c)
        {
            c.Count += delta * changed.ClaimNames.Count(n => c.Claims.Contains(changed.Namespace + "/" + n));
        }
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        state.Read<ConflictCount>(StateKey) is { Count: > 0 } ? Status.Unschedulable(ErrReasonReadWriteOncePodConflict) : Status.Success;

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.AssignedPod, ActionType.Delete),
        new(EventResource.PersistentVolumeClaim, ActionType.Add | ActionType.Update),
        new(EventResource.Node, ActionType.Add),
    ];

    private sealed class ConflictCount(HashSet<string> claims) : ICloneable
    {
        public HashSet<string> Claims { get; } = claims;

        public int Count { get; set; }

        public object Clone() => new ConflictCount(Claims) { Count = Count };
    }
}
