namespace Dotkube.Client.Reconciling;

/// <summary>
/// What the runner does next with a key: nothing (<see cref="Done"/>), retry with backoff
/// (<see cref="Requeue"/>), or look again after a fixed time (<see cref="RequeueAfter"/>).
/// </summary>
public readonly record struct ReconcileResult(bool Requeue, TimeSpan RequeueAfter)
{
    public static ReconcileResult Done => default;

    /// <summary>Retry with the queue's rate limiter (the backoff grows until the key succeeds).</summary>
    public static ReconcileResult RequeueWithBackoff => new(true, TimeSpan.Zero);

    public static ReconcileResult After(TimeSpan delay) => new(false, delay);
}
