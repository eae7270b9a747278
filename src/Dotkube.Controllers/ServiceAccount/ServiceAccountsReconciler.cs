using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ServiceAccount;

/// <summary>Creates a namespace's missing default service accounts (upstream's syncNamespace).</summary>
public sealed class ServiceAccountsReconciler(
    KubeApiClient client, IObjectCache<V1Namespace> namespaces, IObjectCache<V1ServiceAccount> accounts, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (namespaces.Get(null, key.Name) is not { } ns)
        {
            return ReconcileResult.Done;
        }
        foreach (var name in DefaultServiceAccounts.Missing(ns, n => accounts.Get(key.Name, n) is not null))
        {
            try
            {
                await client.CreateAsync(ResourceType.ServiceAccounts, key.Name,
                    new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = name } },
                    cancellationToken: cancellationToken);
                logger.LogInformation("created service account {Namespace}/{Name}", key.Name, name);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists || e.IsNotFound || NamespaceErrors.IsTerminating(e))
            {
                // Created meanwhile (the cache lags), or the namespace is gone or going away.
            }
        }
        return ReconcileResult.Done;
    }
}
