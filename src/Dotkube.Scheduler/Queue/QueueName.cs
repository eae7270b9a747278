namespace Dotkube.Scheduler.Queue;

internal enum QueueName
{
    None,
    Active,
    Backoff,
    Unschedulable,
    InFlight,
}
