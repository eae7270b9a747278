namespace Dotkube.Controllers.GarbageCollector;

/// <summary>Tuning for the garbage collector.</summary>
public sealed record GarbageCollectorOptions
{
    /// <summary>Keys processed in parallel (upstream's --concurrent-gc-syncs, 20); never the same key twice at once.</summary>
    public int Workers { get; init; } = 20;

    /// <summary>
    /// How often discovery is read again (upstream's 30 s) and every object the graph says needs
    /// work is queued again: the safety net under the watches. CustomResourceDefinition and
    /// APIService changes trigger a rediscovery at once.
    /// </summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a new watch may take to list before the collector goes on without it (it keeps trying).</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most keys waiting at once; beyond it keys wait for the next resync.</summary>
    public int QueueCapacity { get; init; } = 200_000;

    /// <summary>First retry delay of a failed key; it doubles per failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
