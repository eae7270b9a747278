using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Queue;

/// <summary>A pending pod with its queueing history.</summary>
public sealed class QueuedPodInfo
{
    public QueuedPodInfo(PodInfo pod, DateTimeOffset now)
    {
        Pod = pod;
        Timestamp = now;
        InitialAttemptTimestamp = now;
    }

    public PodInfo Pod { get; set; }

    /// <summary>When the pod last entered a queue; orders equal priorities and starts backoff.</summary>
    public DateTimeOffset Timestamp { get; set; }

    public DateTimeOffset InitialAttemptTimestamp { get; }

    /// <summary>Scheduling attempts so far; drives the exponential backoff.</summary>
    public int Attempts { get; set; }

    /// <summary>Plugins that rejected the pod in its last attempt; their registered events re-queue it.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>A PreEnqueue plugin (scheduling gates) keeps it out of the active queue.</summary>
    public bool Gated { get; set; }

    /// <summary>The node this scheduler's preemption nominated the pod to, until the API's copy says so.</summary>
    public string? NominatedNodeName { get; set; }

    /// <summary>Bumped whenever the entry is re-queued, so stale heap entries are recognised.</summary>
    internal long Version { get; set; }

    internal QueueName Location { get; set; }

    /// <summary>The scheduling cycle in which the pod was popped.</summary>
    internal long PoppedInCycle { get; set; }
}
