using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.TaintToleration;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.NodeUnschedulable;

/// <summary>A cordoned node (spec.unschedulable) takes only pods tolerating node.kubernetes.io/unschedulable:NoSchedule.</summary>
public sealed class NodeUnschedulablePlugin : IFilterPlugin, IEnqueueExtensions
{
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    private static readonly V1Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };

    public string Name => Names.NodeUnschedulable;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (node.Node?.Spec?.Unschedulable != true || Tolerations.Tolerates(pod.Pod.Spec?.Tolerations, UnschedulableTaint))
        {
            return Status.Success;
        }

        return Status.Unresolvable(ErrReasonUnschedulable);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint)];
}
