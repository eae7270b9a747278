using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ClusterRoleAggregation;

/// <summary>
/// kube-controller-manager's "clusterrole-aggregation" controller: every ClusterRole with an
/// aggregationRule holds the union of the rules of the roles its selectors match, kept current as
/// labelled roles come, change and go. Any cluster role change re-queues every aggregated role, as
/// upstream (there are few).
/// </summary>
public sealed class ClusterRoleAggregationController : IController
{
    public string Name => "clusterrole-aggregation";

    public string ServiceAccount => "clusterrole-aggregation-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.clusterrole-aggregation");
        var roles = context.Informers.Get<V1ClusterRole>();
        var reconciler = new ClusterRoleAggregationReconciler(context.Client, roles.Cache, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        void EnqueueAggregated()
        {
            foreach (var role in roles.Cache.List().Where(AggregatedRules.IsAggregated))
            {
                runner.Enqueue("", role.Metadata.Name);
            }
        }
        using var handler = roles.AddHandler((_, _) => EnqueueAggregated(), (_, _) => EnqueueAggregated(), (_, _) => EnqueueAggregated());
        await roles.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }
}

/// <summary>Brings one aggregated role's rules to the union; writes only when they differ.</summary>
public sealed class ClusterRoleAggregationReconciler(KubeApiClient client, IObjectCache<V1ClusterRole> roles, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (roles.Get(null, key.Name) is not { } role || !AggregatedRules.IsAggregated(role))
        {
            return ReconcileResult.Done;
        }
        var wanted = AggregatedRules.Union(role, roles.List());
        if (AggregatedRules.SameRules(role.Rules, wanted))
        {
            return ReconcileResult.Done;
        }
        var updated = ObjectCopy.Of(role);
        updated.Rules = wanted;
        try
        {
            // A conflict throws and retries with backoff, by then from a newer cache.
            await client.UpdateAsync(ResourceType.For<V1ClusterRole>(), updated, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return ReconcileResult.Done;
        }
        logger.LogDebug("clusterrole {Name} aggregated {Count} rules", key.Name, wanted.Count);
        return ReconcileResult.Done;
    }
}
