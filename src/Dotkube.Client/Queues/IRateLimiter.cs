namespace Dotkube.Client.Queues;

/// <summary>How long an item waits before it is retried (client-go's workqueue.RateLimiter).</summary>
public interface IRateLimiter<in T>
    where T : notnull
{
    /// <summary>The delay for this retry of the item; counts the retry.</summary>
    TimeSpan When(T item);

    /// <summary>Stop tracking the item (it succeeded).</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
