namespace Dotkube.Client.Queues;

/// <summary>The longest delay any of its limiters asks for.</summary>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
    where T : notnull
{
    public TimeSpan When(T item)
    {
        var max = TimeSpan.Zero;
        foreach (var l in limiters)
        {
            var d = l.When(item);
            if (d > max)
            {
                max = d;
            }
        }
        return max;
    }

    public void Forget(T item)
    {
        foreach (var l in limiters)
        {
            l.Forget(item);
        }
    }

    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));
}
