namespace Dotkube.Client.Queues;

/// <summary>
/// An overall token bucket (qps, burst): each retry takes a token, and waits until one is due
/// when the bucket is empty. Tracks no items.
/// </summary>
public sealed class BucketRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly double qps;
    private readonly int burst;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private double tokens;
    private long last;

    public BucketRateLimiter(double qps, int burst, TimeProvider? timeProvider = null)
    {
        this.qps = qps;
        this.burst = burst;
        time = timeProvider ?? TimeProvider.System;
        tokens = burst;
        last = time.GetTimestamp();
    }

    public TimeSpan When(T item)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(last, now).TotalSeconds * qps));
            last = now;
            // Reserve a token even if it is not there yet; the wait is how long until it will be.
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / qps);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
