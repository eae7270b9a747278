namespace Dotkube.Client.Queues;

/// <summary>Per-item exponential backoff: base × 2^failures, capped at max.</summary>
public sealed class ItemExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T>
    where T : notnull
{
    private readonly Dictionary<T, int> failures = [];
    private readonly Lock gate = new();

    public TimeSpan When(T item)
    {
        int exp;
        lock (gate)
        {
            failures.TryGetValue(item, out exp);
            failures[item] = exp + 1;
        }
        // 2^exp overflows long ticks quickly; beyond ~62 doublings the cap applies anyway.
        var ticks = exp >= 62 ? double.MaxValue : baseDelay.Ticks * Math.Pow(2, exp);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (gate)
        {
            failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(item);
        }
    }
}
