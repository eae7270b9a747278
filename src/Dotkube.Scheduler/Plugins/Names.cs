namespace Dotkube.Scheduler.Plugins;

/// <summary>The in-tree plugin names, as upstream (they appear in statuses and metrics).</summary>
public static class Names
{
    public const string SchedulingGates = "SchedulingGates";
    public const string NodeName = "NodeName";
    public const string NodeUnschedulable = "NodeUnschedulable";
    public const string NodePorts = "NodePorts";
    public const string NodeResourcesFit = "NodeResourcesFit";
    public const string NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";
    public const string NodeAffinity = "NodeAffinity";
    public const string TaintToleration = "TaintToleration";
    public const string InterPodAffinity = "InterPodAffinity";
    public const string PodTopologySpread = "PodTopologySpread";
    public const string VolumeBinding = "VolumeBinding";
    public const string VolumeRestrictions = "VolumeRestrictions";
    public const string DefaultPreemption = "DefaultPreemption";
    public const string DefaultBinder = "DefaultBinder";
}
