using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// Filter: the pod's requests must fit in the node's allocatable minus what its pods request, and the
/// node's pod count must allow one more. Score: LeastAllocated over cpu and memory (weight 1 each),
/// counting containers without requests at upstream's non-zero defaults.
/// </summary>
public sealed class NodeResourcesFitPlugin : IFilterPlugin, IScorePlugin, IEnqueueExtensions
{
    public const string TooManyPods = "Too many pods";

    public string Name => Names.NodeResourcesFit;

    /// <summary>Every reason the pod does not fit, in upstream's order; empty when it fits.</summary>
    public static List<string> InsufficientResources(PodInfo pod, NodeInfo node)
    {
        var reasons = new List<string>();
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        if (node.Pods.Count + 1 > allocatable.AllowedPodNumber)
        {
            reasons.Add(TooManyPods);
        }

        var wants = pod.Requests;
        if (wants.IsZero)
        {
            return reasons;
        }

        if (wants.MilliCpu > 0 && wants.MilliCpu > allocatable.MilliCpu - requested.MilliCpu)
        {
            reasons.Add("Insufficient cpu");
        }

        if (wants.Memory > 0 && wants.Memory > allocatable.Memory - requested.Memory)
        {
            reasons.Add("Insufficient memory");
        }

        if (wants.EphemeralStorage > 0 && wants.EphemeralStorage > allocatable.EphemeralStorage - requested.EphemeralStorage)
        {
            reasons.Add("Insufficient ephemeral-storage");
        }

        if (wants.Scalar is not null)
        {
            foreach (var (name, amount) in wants.Scalar.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (amount > 0 && amount > allocatable.Get(name) - requested.Get(name))
                {
                    reasons.Add("Insufficient " + name);
                }
            }
        }

        return reasons;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var reasons = InsufficientResources(pod, node);
        return reasons.Count == 0 ? Status.Success : new Status(StatusCode.Unschedulable, reasons);
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var cpu = LeastAllocated(node.NonZeroRequested.MilliCpu + pod.NonZeroRequests.MilliCpu, node.Allocatable.MilliCpu);
        var memory = LeastAllocated(node.NonZeroRequested.Memory + pod.NonZeroRequests.Memory, node.Allocatable.Memory);
        return (cpu + memory) / 2;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        // LeastAllocated is already on 0..100.
    }

    internal static long LeastAllocated(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * ScoreNormalization.MaxNodeScore / capacity;

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.AssignedPod, ActionType.Delete | ActionType.UpdatePodScaleDown),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel),
    ];
}
