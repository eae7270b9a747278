using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.TtlAfterFinished;

/// <summary>
/// Deletes a finished Job once its ttlSecondsAfterFinished has passed (upstream's
/// processJob): the cached Job decides when; before deleting, a fresh read confirms the TTL
/// (someone may have changed it), and the delete is preconditioned on the UID and cascades in
/// the foreground, as upstream's, so the Job goes only after its pods.
/// </summary>
public sealed class TtlAfterFinishedReconciler(KubeApiClient client, IObjectCache<V1Job> jobs, TimeProvider clock, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (jobs.Get(key.Namespace, key.Name) is not { } cached || JobTtl.ExpiresAt(cached) is not { } cachedExpiry)
        {
            return ReconcileResult.Done;
        }
        var now = clock.GetUtcNow();
        if (cachedExpiry > now)
        {
            return ReconcileResult.After(cachedExpiry - now);
        }
        var fresh = await client.TryGetAsync<V1Job>(ResourceType.Jobs, key.Namespace, key.Name, cancellationToken);
        if (fresh is null || JobTtl.ExpiresAt(fresh) is not { } expiry)
        {
            return ReconcileResult.Done;
        }
        if (expiry > now)
        {
            return ReconcileResult.After(expiry - now);
        }
        logger.LogInformation("cleaning up job {Key}: its TTL after finishing expired", key);
        try
        {
            await client.DeleteAsync(ResourceType.Jobs, key.Namespace, key.Name,
                new DeleteOptions { PropagationPolicy = "Foreground", PreconditionUid = fresh.Metadata.Uid }, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone, or replaced by a new job of that name: nothing of ours to delete.
        }
        return ReconcileResult.Done;
    }
}
