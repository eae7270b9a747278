using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.NodeResourcesBalancedAllocation;

/// <summary>
/// Prefers nodes whose cpu and memory would be used in equal fractions after placing the pod:
/// score = (1 - standard deviation of the fractions) × 100, fractions capped at 1.
/// </summary>
public sealed class BalancedAllocationPlugin : IPreScorePlugin, IScorePlugin
{
    public string Name => Names.NodeResourcesBalancedAllocation;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes) =>
        pod.Requests.MilliCpu == 0 && pod.Requests.Memory == 0 ? Status.SkipStatus : Status.Success;

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        Span<double> fractions = stackalloc double[2];
        var n = 0;
        Add(ref fractions, ref n, node.Requested.MilliCpu + pod.Requests.MilliCpu, node.Allocatable.MilliCpu);
        Add(ref fractions, ref n, node.Requested.Memory + pod.Requests.Memory, node.Allocatable.Memory);
        var std = n == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
        return (long)((1 - std) * ScoreNormalization.MaxNodeScore);
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        // Already on 0..100.
    }

    private static void Add(ref Span<double> fractions, ref int n, long requested, long allocatable)
    {
        if (allocatable == 0)
        {
            return;
        }

        fractions[n++] = Math.Min(1.0, (double)requested / allocatable);
    }
}
