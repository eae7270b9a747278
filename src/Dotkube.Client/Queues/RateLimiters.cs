namespace Dotkube.Client.Queues;

public static class RateLimiters
{
    /// <summary>
    /// client-go's DefaultControllerRateLimiter: per-item exponential 5 ms → 1000 s, and an
    /// overall bucket of 10 qps with a burst of 100; the larger delay wins.
    /// </summary>
    public static IRateLimiter<T> DefaultController<T>(TimeProvider? timeProvider = null)
        where T : notnull => new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new BucketRateLimiter<T>(10, 100, timeProvider));
}
