using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.RootCaCertPublisher;

/// <summary>Creates or repairs one namespace's kube-root-ca.crt (upstream's syncNamespace).</summary>
public sealed class RootCaCertPublisherReconciler(
    KubeApiClient client, IObjectCache<V1Namespace> namespaces, IObjectCache<V1ConfigMap> configMaps, string rootCaPem, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var ns = key.Name;
        if (namespaces.Get(null, ns) is not { } namespaceObject || namespaceObject.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        try
        {
            if (configMaps.Get(ns, RootCaConfigMap.Name) is not { } cm)
            {
                await client.CreateAsync(ResourceType.ConfigMaps, ns, RootCaConfigMap.New(rootCaPem), cancellationToken: cancellationToken);
                logger.LogDebug("published {ConfigMap} in {Namespace}", RootCaConfigMap.Name, ns);
            }
            else if (!RootCaConfigMap.IsCurrent(cm, rootCaPem))
            {
                await client.UpdateAsync(ResourceType.ConfigMaps, RootCaConfigMap.Fixed(cm, rootCaPem), cancellationToken: cancellationToken);
                logger.LogDebug("updated {ConfigMap} in {Namespace}", RootCaConfigMap.Name, ns);
            }
        }
        catch (KubeApiException e) when (e.IsAlreadyExists || e.IsNotFound || NamespaceErrors.IsTerminating(e))
        {
            // Raced with the cache, or the namespace is gone or going away.
        }
        return ReconcileResult.Done;
    }
}
