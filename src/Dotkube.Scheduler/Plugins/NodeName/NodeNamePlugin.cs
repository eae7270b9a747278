using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.NodeName;

/// <summary>A pod that names a node fits only that node.</summary>
public sealed class NodeNamePlugin : IFilterPlugin, IEnqueueExtensions
{
    public const string ErrReason = "node(s) didn't match the requested node name";

    public string Name => Names.NodeName;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var wanted = pod.Pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == node.Name ? Status.Success : Status.Unresolvable(ErrReason);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel)];
}
