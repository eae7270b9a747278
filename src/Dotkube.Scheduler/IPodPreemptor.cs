using k8s.Models;

namespace Dotkube.Scheduler;

/// <summary>
/// Evicts a preemption victim, as upstream's preemption does: add the DisruptionTarget condition
/// (reason PreemptionByScheduler, message "{schedulerName}: preempting to accommodate a higher
/// priority pod") to the victim's status, delete it with its own grace period, and record a Normal
/// "Preempted" event on it with message "Preempted by pod {preemptor.uid} on node {nodeName}".
/// </summary>
public interface IPodPreemptor
{
    Task PreemptAsync(V1Pod victim, V1Pod preemptor, string nodeName, CancellationToken cancellationToken);
}
