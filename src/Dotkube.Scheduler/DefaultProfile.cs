using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.DefaultBinder;
using Dotkube.Scheduler.Plugins.DefaultPreemption;
using Dotkube.Scheduler.Plugins.InterPodAffinity;
using Dotkube.Scheduler.Plugins.NodeAffinity;
using Dotkube.Scheduler.Plugins.NodeName;
using Dotkube.Scheduler.Plugins.NodePorts;
using Dotkube.Scheduler.Plugins.NodeResourcesBalancedAllocation;
using Dotkube.Scheduler.Plugins.NodeResourcesFit;
using Dotkube.Scheduler.Plugins.NodeUnschedulable;
using Dotkube.Scheduler.Plugins.PodTopologySpread;
using Dotkube.Scheduler.Plugins.SchedulingGates;
using Dotkube.Scheduler.Plugins.TaintToleration;
using Dotkube.Scheduler.Plugins.VolumeBinding;
using Dotkube.Scheduler.Plugins.VolumeRestrictions;

namespace Dotkube.Scheduler;

/// <summary>
/// Upstream's default profile (Kubernetes 1.32), in its order, with its score weights:
/// TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit 1,
/// NodeResourcesBalancedAllocation 1. Not here: PrioritySort (the queue's order), NodeVolumeLimits,
/// VolumeZone, ImageLocality, DynamicResources.
/// </summary>
public static class DefaultProfile
{
    public static SchedulingFramework Create(SchedulerOptions options, ClusterCache cache)
    {
        var preemption = options.Preemptor is null ? null : new DefaultPreemptionPlugin(cache, options.Random);
        var plugins = new List<(IPlugin, int)>
        {
            (new SchedulingGatesPlugin(), 0),
            (new NodeUnschedulablePlugin(), 0),
            (new NodeNamePlugin(), 0),
            (new TaintTolerationPlugin(), 3),
            (new NodeAffinityPlugin(), 2),
            (new NodePortsPlugin(), 0),
            (new NodeResourcesFitPlugin(), 1),
            (new VolumeRestrictionsPlugin(cache), 0),
            (new VolumeBindingPlugin(cache, options.VolumeBinder), 0),
            (new PodTopologySpreadPlugin(cache), 2),
            (new InterPodAffinityPlugin(cache), 2),
        };
        if (preemption is not null)
        {
            plugins.Add((preemption, 0));
        }

        plugins.Add((new BalancedAllocationPlugin(), 1));
        plugins.Add((new DefaultBinderPlugin(options.Binder), 0));
        var framework = new SchedulingFramework(options.SchedulerName, plugins);
        if (preemption is not null)
        {
            preemption.Framework = framework;
        }

        return framework;
    }
}
