using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// The out-of-service part of upstream's pod garbage collector (gcTerminating): a pod being
/// deleted on a node that is not Ready waits for a kubelet that will never confirm, so it stays
/// Terminating — which is what keeps a StatefulSet from running two pods of one name. Once an
/// operator says the node is gone for good with the <c>node.kubernetes.io/out-of-service</c> taint,
/// such pods are marked Failed and force-deleted, and their controllers recreate them elsewhere.
/// Pods of deleted nodes are the pod garbage collector's (orphaned pods).
/// </summary>
public sealed class OutOfServicePodCleaner(
    KubeApiClient client,
    IObjectCache<V1Node> nodes,
    IObjectCache<V1Pod> pods,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var node = nodes.Get(null, key.Name);
        if (node is null || !IsOutOfService(node))
        {
            return ReconcileResult.Done;
        }
        foreach (var pod in pods.ByIndex(CacheIndexes.NodeName, key.Name).Where(p => p.Metadata.DeletionTimestamp is not null))
        {
            logger.LogInformation("force-deleting pod {Namespace}/{Pod}: its node {Node} is out of service", pod.Metadata.NamespaceProperty, pod.Metadata.Name, key.Name);
            try
            {
                if (pod.Status?.Phase is not ("Succeeded" or "Failed"))
                {
                    await client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.Merge,
                        """{"status":{"phase":"Failed"}}""", subresource: "status", cancellationToken: cancellationToken);
                }
                await client.Resource<V1Pod>(ResourceType.Pods).DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name,
                    new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Metadata.Uid }, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
            {
                // Already gone, or a new pod of the same name: nothing left to do for this one.
            }
        }
        return ReconcileResult.Done;
    }

    /// <summary>Not Ready and tainted out-of-service (any effect), as upstream checks.</summary>
    public static bool IsOutOfService(V1Node node) =>
        NodeTaints.ReadyStatus(node) != "True" && node.Spec?.Taints?.Any(t => t.Key == NodeTaints.OutOfService) == true;
}
