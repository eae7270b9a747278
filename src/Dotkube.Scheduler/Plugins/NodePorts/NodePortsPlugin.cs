using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.NodePorts;

/// <summary>A pod's host ports must be free on the node (same protocol and port, overlapping IP).</summary>
public sealed class NodePortsPlugin : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions
{
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    public string Name => Names.NodePorts;

    public Status PreFilter(CycleState state, PodInfo pod) => pod.HostPorts.Count == 0 ? Status.SkipStatus : Status.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var wanted in pod.HostPorts)
        {
            foreach (var used in node.UsedPorts)
            {
                if (wanted.ConflictsWith(used))
                {
                    return Status.Unschedulable(ErrReason);
                }
            }
        }

        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.AssignedPod, ActionType.Delete), new(EventResource.Node, ActionType.Add | ActionType.Update)];
}
