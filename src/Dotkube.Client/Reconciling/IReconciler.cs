namespace Dotkube.Client.Reconciling;

/// <summary>
/// Brings one object's world towards its spec (controller-runtime's Reconciler). Level-based: it
/// gets only the key, reads the current state (from informer caches), and must be idempotent.
/// Throwing retries the key with per-item backoff.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
