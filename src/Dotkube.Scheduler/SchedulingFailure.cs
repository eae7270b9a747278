namespace Dotkube.Scheduler;

/// <summary>Why a scheduling attempt did not place the pod.</summary>
/// <param name="Reason">The PodScheduled condition reason: "Unschedulable" or "SchedulerError".</param>
/// <param name="Message">The FailedScheduling message, worded as upstream.</param>
/// <param name="NominatedNodeName">The node preemption made room on; null leaves status.nominatedNodeName alone.</param>
public sealed record SchedulingFailure(string Reason, string Message, string? NominatedNodeName)
{
    public const string Unschedulable = "Unschedulable";
    public const string SchedulerError = "SchedulerError";
}
