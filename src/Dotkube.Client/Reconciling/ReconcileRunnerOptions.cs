using Dotkube.Client.Queues;

namespace Dotkube.Client.Reconciling;

public sealed record ReconcileRunnerOptions
{
    /// <summary>Keys reconciled at once (never the same key twice at once).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The queue's rate limiter; client-go's default controller limiter when null.</summary>
    public IRateLimiter<ObjectKey>? RateLimiter { get; init; }

    /// <summary>Give up on a key after this many consecutive failures (logged); null retries forever, as upstream controllers do.</summary>
    public int? MaxRetries { get; init; }
}
