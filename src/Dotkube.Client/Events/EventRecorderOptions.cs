namespace Dotkube.Client.Events;

public sealed record EventRecorderOptions
{
    /// <summary>Events waiting to be written; further ones are dropped (and counted) rather than blocking a controller.</summary>
    public int QueueLength { get; init; } = 1000;

    /// <summary>How many distinct events are remembered for counting repeats (the oldest is forgotten first).</summary>
    public int CacheSize { get; init; } = 4096;

    /// <summary>Events one object may get at once from one source before the refill rate applies (client-go: 25).</summary>
    public int SpamBurst { get; init; } = 25;

    /// <summary>One more event allowed per object per this long once the burst is used (client-go: 5 minutes).</summary>
    public TimeSpan SpamRefill { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Writes of one event tried this many times before it is given up (and logged).</summary>
    public int MaxTries { get; init; } = 3;
}
