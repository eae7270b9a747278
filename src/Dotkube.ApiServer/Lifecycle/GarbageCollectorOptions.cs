namespace Dotkube.ApiServer.Lifecycle;

/// <summary>Tuning for the garbage collector; the defaults suit a cluster of a few thousand objects.</summary>
public sealed record GarbageCollectorOptions
{
    /// <summary>Keys processed in parallel (never the same key twice at once).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>
    /// How often each resource is listed afresh and every object the graph says needs work is queued
    /// again: the safety net under the watches.
    /// </summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most keys waiting at once; beyond it keys wait for the next resync.</summary>
    public int QueueCapacity { get; init; } = 100_000;

    /// <summary>First retry delay of a failed key; it doubles per failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause before relisting a resource whose watch failed.</summary>
    public TimeSpan WatchRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
