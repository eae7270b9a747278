namespace Dotkube.Client;

/// <summary>Exponential backoff with jitter: initial, ×factor each step, capped; reset after success.</summary>
public sealed class Backoff
{
    private readonly TimeSpan initial;
    private readonly TimeSpan max;
    private readonly double factor;
    private readonly double jitter;
    private TimeSpan current;

    public Backoff(TimeSpan initial, TimeSpan max, double factor = 2.0, double jitter = 0.1)
    {
        this.initial = initial;
        this.max = max;
        this.factor = factor;
        this.jitter = jitter;
        current = initial;
    }

    /// <summary>The next wait: the current step plus up to <c>jitter</c> of it at random.</summary>
    public TimeSpan Next()
    {
        var wait = current;
        current = TimeSpan.FromTicks(Math.Min(max.Ticks, (long)(current.Ticks * factor)));
        return jitter <= 0 ? wait : wait + TimeSpan.FromTicks((long)(wait.Ticks * jitter * Random.Shared.NextDouble()));
    }

    public void Reset() => current = initial;
}
