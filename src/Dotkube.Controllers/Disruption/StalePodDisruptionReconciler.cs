using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// Upstream's syncStalePodDisruption: once a pod's DisruptionTarget condition is stale
/// (<see cref="StaleDisruptionCondition"/>), it is set to False by a forced server-side apply of
/// pods/status as field manager DisruptionController; until then the pod is looked at again when
/// the timeout ends.
/// </summary>
public sealed class StalePodDisruptionReconciler(KubeApiClient client, IObjectCache<V1Pod> pods, TimeProvider clock, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (pods.Get(key.Namespace, key.Name) is not { } pod)
        {
            return ReconcileResult.Done;
        }

        var now = clock.GetUtcNow();
        var (has, waitFor) = StaleDisruptionCondition.Check(pod, now);
        if (!has)
        {
            return ReconcileResult.Done;
        }

        if (waitFor > TimeSpan.Zero)
        {
            return ReconcileResult.After(waitFor);
        }

        try
        {
            await client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(key.Namespace, key.Name, PatchType.Apply, StaleDisruptionCondition.ResetPatch(pod, now),
                new PatchOptions { FieldManager = StaleDisruptionCondition.FieldManager, Force = true }, "status", cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return ReconcileResult.Done;
        }

        logger.LogInformation("Reset stale DisruptionTarget condition to False for pod {Pod}", key);
        return ReconcileResult.Done;
    }
}
