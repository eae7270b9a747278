namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// client-go's token bucket rate limiter with burst 1, on a caller's clock: one token, refilled
/// at <see cref="Qps"/> per second; a rate of 0 never gives one (upstream's "never" limiter).
/// Not thread-safe: <see cref="ZoneDisruption"/> locks around it.
/// </summary>
public sealed class TokenBucket(double qps, DateTimeOffset now)
{
    private double tokens = qps > 0 ? 1 : 0;
    private DateTimeOffset last = now;

    public double Qps { get; } = qps;

    /// <summary>Takes a token if there is one now.</summary>
    public bool TryAccept(DateTimeOffset now)
    {
        Refill(now);
        if (tokens >= 1)
        {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /// <summary>How long until a token is there (never, for rate 0).</summary>
    public TimeSpan? UntilNext(DateTimeOffset now)
    {
        if (Qps <= 0)
        {
            return null;
        }
        Refill(now);
        return tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - tokens) / Qps);
    }

    private void Refill(DateTimeOffset now)
    {
        if (Qps > 0 && now > last)
        {
            tokens = Math.Min(1, tokens + (now - last).TotalSeconds * Qps);
        }
        if (now > last)
        {
            last = now;
        }
    }
}
