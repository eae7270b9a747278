using System.Text.Json.Nodes;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Machinery.Quota;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ResourceQuota;

/// <summary>One quota: status.hard from spec.hard, status.used recounted; written only when it changed.</summary>
public sealed class ResourceQuotaReconciler(
    KubeApiClient client,
    IObjectCache<JsonObject> quotas,
    UsageCalculator usage,
    TimeSpan resync,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var quota = quotas.Get(key.Namespace, key.Name);
        if (quota is null || quota["metadata"]?["deletionTimestamp"] is not null)
        {
            return ReconcileResult.Done;
        }
        var hard = ResourceList.ToJson(ResourceList.Parse(quota["spec"]?["hard"]));
        var used = ResourceList.ToJson(await usage.UsedAsync(quota, cancellationToken));
        var status = quota["status"] as JsonObject;
        if (!JsonNode.DeepEquals(status?["hard"], hard) || !JsonNode.DeepEquals(status?["used"], used))
        {
            var updated = (JsonObject)quota.DeepClone();
            updated["status"] = new JsonObject { ["hard"] = hard, ["used"] = used };
            try
            {
                await client.UpdateStatusAsync(ResourceQuotaController.ResourceQuotas, updated, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                // Admission charged it meanwhile (or our cache is behind): count again shortly.
                logger.LogDebug("resourcequota {Key}: conflict, recounting", key);
                return ReconcileResult.RequeueWithBackoff;
            }
        }
        return ReconcileResult.After(resync);
    }
}
