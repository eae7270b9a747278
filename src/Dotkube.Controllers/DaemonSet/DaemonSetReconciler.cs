using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>Syncs one DaemonSet: claims its pods by selector, then runs <see cref="DaemonSetControl"/> over every node.</summary>
public sealed class DaemonSetReconciler(
    KubeApiClient client,
    IObjectCache<V1DaemonSet> sets,
    IObjectCache<V1Pod> pods,
    IObjectCache<V1Node> nodes,
    IObjectCache<V1ControllerRevision> revisions,
    ControllerExpectations expectations,
    DaemonSetControl control) : IReconciler
{
    private readonly PodClaims claims = new(client, "apps/v1", "DaemonSet");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var keyText = key.ToString();
        var ds = sets.Get(key.Namespace, key.Name);
        if (ds is null)
        {
            expectations.Delete(keyText);
            return ReconcileResult.Done;
        }
        var owned = await claims.ClaimAsync(ds.Metadata, Selectors.From(ds.Spec.Selector), pods.List(key.Namespace), _ => true,
            async ct => await client.TryGetAsync<V1DaemonSet>(ResourceType.DaemonSets, key.Namespace, key.Name, ct)
                is { } fresh && fresh.Metadata.Uid == ds.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null,
            cancellationToken);
        var history = revisions.List(key.Namespace).Where(r => OwnerRefs.ControllerOf(r.Metadata)?.Uid == ds.Metadata.Uid);
        var nodeList = nodes.List().OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        var requeue = await control.SyncAsync(keyText, ds, nodeList, owned, history, cancellationToken);
        return requeue is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }
}
