namespace Dotkube.Scheduler.Framework;

/// <summary>What a plugin's answer means for the pod, as the upstream framework's codes.</summary>
public enum StatusCode
{
    Success = 0,

    /// <summary>An internal error; the pod is retried after backoff.</summary>
    Error = 1,

    /// <summary>The node does not fit now; preemption may help.</summary>
    Unschedulable = 2,

    /// <summary>The node does not fit and preemption cannot help.</summary>
    UnschedulableAndUnresolvable = 3,

    /// <summary>A Permit plugin asks to wait.</summary>
    Wait = 4,

    /// <summary>The plugin has nothing to do for this pod; its later points are skipped.</summary>
    Skip = 5,

    /// <summary>A PreEnqueue/PreFilter result that keeps the pod pending (e.g. scheduling gates).</summary>
    Pending = 6,
}
