using Dotkube.Controllers.Common;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.VolumeProtection;

internal sealed class PvcProtectionReconciler(
    KubeApiClient client,
    IObjectCache<V1PersistentVolumeClaim> claims,
    IObjectCache<V1Pod> pods,
    ILogger logger) : IReconciler
{
    private ResourceClient<V1PersistentVolumeClaim> Claims => client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (claims.Get(key.Namespace, key.Name) is not { } claim)
        {
            return ReconcileResult.Done;
        }

        var finalizers = claim.Metadata.Finalizers ?? [];
        var has = finalizers.Contains(VolumeAnnotations.PvcProtectionFinalizer);
        if (claim.Metadata.DeletionTimestamp is null)
        {
            if (!has)
            {
                await SetFinalizerAsync(claim, add: true, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        if (!has || InUse(pods.List(key.Namespace), key.Name))
        {
            return ReconcileResult.Done;
        }

        // The cache may not have a pod created a moment ago: ask the server too, as upstream does.
        var live = await client.Resource<V1Pod>(ResourceType.Pods).ListAsync(key.Namespace, cancellationToken: cancellationToken);
        if (InUse(live.Items, key.Name))
        {
            return ReconcileResult.Done;
        }

        await SetFinalizerAsync(claim, add: false, cancellationToken);
        logger.LogInformation("removed the protection finalizer of claim {Namespace}/{Name}: no pod uses it", key.Namespace, key.Name);
        return ReconcileResult.Done;
    }

    private static bool InUse(IEnumerable<V1Pod> pods, string claimName) =>
        pods.Any(p => ClaimUsers.IsActive(p) && ClaimUsers.Uses(p, claimName));

    private async Task SetFinalizerAsync(V1PersistentVolumeClaim claim, bool add, CancellationToken ct)
    {
        var copy = ObjectCopy.Of(claim);
        var finalizers = copy.Metadata.Finalizers?.ToList() ?? [];
        finalizers.RemoveAll(f => f == VolumeAnnotations.PvcProtectionFinalizer);
        if (add)
        {
            finalizers.Add(VolumeAnnotations.PvcProtectionFinalizer);
        }

        copy.Metadata.Finalizers = finalizers;
        try
        {
            await Claims.UpdateAsync(copy, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone already.
        }
    }
}
