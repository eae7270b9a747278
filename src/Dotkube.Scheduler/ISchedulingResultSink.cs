using k8s.Models;

namespace Dotkube.Scheduler;

/// <summary>
/// Where scheduling outcomes go: events and pod status writes through the API. The scheduler calls
/// it outside its cache lock, one call per outcome; implementations should not throw for API
/// conflicts on pods that vanished (the next informer event settles them).
/// </summary>
public interface ISchedulingResultSink
{
    /// <summary>
    /// Bound: record a Normal event reason "Scheduled", message <paramref name="message"/>
    /// ("Successfully assigned {ns}/{name} to {node}"), reportingController default-scheduler.
    /// </summary>
    Task ScheduledAsync(V1Pod pod, string nodeName, string message, CancellationToken cancellationToken);

    /// <summary>
    /// Not placed: set the pod's status condition PodScheduled=False with failure.Reason
    /// ("Unschedulable" or "SchedulerError") and failure.Message (only if it differs from the
    /// current one), set status.nominatedNodeName when failure.NominatedNodeName is not null
    /// ("" clears it), and record a Warning event reason "FailedScheduling" with the same message.
    /// </summary>
    Task FailedAsync(V1Pod pod, SchedulingFailure failure, CancellationToken cancellationToken);
}
