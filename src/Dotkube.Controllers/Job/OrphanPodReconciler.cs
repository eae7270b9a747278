using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// Removes the tracking finalizer from pods whose Job is gone (upstream's orphan queue): deleted
/// Jobs' pods would otherwise stay Terminating for ever. The Job's absence is confirmed with the
/// server, since the cache may not have seen a new Job yet.
/// </summary>
public sealed class OrphanPodReconciler(KubeApiClient client, IObjectCache<V1Job> jobs, IObjectCache<V1Pod> pods) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pod = pods.Get(key.Namespace, key.Name);
        if (pod is null || !JobPods.HasTrackingFinalizer(pod))
        {
            return ReconcileResult.Done;
        }
        var owner = OwnerRefs.ControllerOf(pod.Metadata);
        if (owner is { Kind: JobNames.Kind })
        {
            if (jobs.Get(pod.Metadata.NamespaceProperty, owner.Name) is { } cached && cached.Metadata.Uid == owner.Uid)
            {
                return ReconcileResult.Done;
            }
            var live = await client.TryGetAsync<V1Job>(ResourceType.Jobs, pod.Metadata.NamespaceProperty, owner.Name, cancellationToken);
            if (live is not null && live.Metadata.Uid == owner.Uid)
            {
                return ReconcileResult.Done;
            }
        }
        try
        {
            await JobReconciler.RemoveTrackingFinalizerAsync(client, pod, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone already.
        }
        return ReconcileResult.Done;
    }
}
