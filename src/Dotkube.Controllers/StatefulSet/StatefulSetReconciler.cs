using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>
/// Syncs one StatefulSet (upstream's StatefulSetController.sync): claims its pods (adopting
/// orphans with its labels and name pattern, releasing pods that no longer match), claims the
/// revisions it owns, and runs <see cref="StatefulSetControl"/>. When minReadySeconds keeps ready
/// pods from counting as available yet, it looks again once they may.
/// </summary>
public sealed class StatefulSetReconciler(
    KubeApiClient client,
    IObjectCache<V1StatefulSet> sets,
    IObjectCache<V1Pod> pods,
    IObjectCache<V1ControllerRevision> revisions,
    StatefulSetControl control) : IReconciler
{
    private readonly PodClaims claims = new(client, "apps/v1", "StatefulSet");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var set = sets.Get(key.Namespace, key.Name);
        if (set is null)
        {
            return ReconcileResult.Done;
        }
        var selector = Selectors.From(set.Spec.Selector);
        var owned = await claims.ClaimAsync(set.Metadata, selector, pods.List(key.Namespace), p => StatefulPods.IsMemberOf(set, p),
            async ct => await client.TryGetAsync<V1StatefulSet>(ResourceType.StatefulSets, key.Namespace, key.Name, ct)
                is { } fresh && fresh.Metadata.Uid == set.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null,
            cancellationToken);
        var history = revisions.List(key.Namespace).Where(r => OwnerRefs.ControllerOf(r.Metadata)?.Uid == set.Metadata.Uid).ToList();
        var status = await control.SyncAsync(set, owned, history, cancellationToken);
        var minReady = set.Spec.MinReadySeconds ?? 0;
        if (minReady > 0 && (status.AvailableReplicas ?? 0) != (status.ReadyReplicas ?? 0))
        {
            return ReconcileResult.After(TimeSpan.FromSeconds(minReady));
        }
        return ReconcileResult.Done;
    }
}
