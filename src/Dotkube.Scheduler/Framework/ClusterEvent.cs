namespace Dotkube.Scheduler.Framework;

public enum EventResource
{
    AssignedPod,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    StorageClass,
    Namespace,
}

[Flags]
public enum ActionType
{
    None = 0,
    Add = 1,
    Delete = 2,
    UpdateNodeAllocatable = 4,
    UpdateNodeLabel = 8,
    UpdateNodeTaint = 16,
    UpdateNodeCondition = 32,
    UpdatePodLabel = 64,
    UpdatePodScaleDown = 128,
    UpdateOther = 256,
    Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdatePodLabel | UpdatePodScaleDown | UpdateOther,
    All = Add | Delete | Update,
}

/// <summary>A change in the cluster that may make unschedulable pods schedulable.</summary>
public readonly record struct ClusterEvent(EventResource Resource, ActionType Action)
{
    /// <summary>Whether this registered interest covers an incoming event.</summary>
    public bool Covers(ClusterEvent incoming) => Resource == incoming.Resource && (Action & incoming.Action) != 0;

    public override string ToString() => $"{Resource}/{Action}";
}
