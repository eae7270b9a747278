using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Scheduler.Hosting;

/// <summary>
/// Evicts a preemption victim as upstream does: the DisruptionTarget condition on its status,
/// then a delete with the victim's own grace period.
/// </summary>
public sealed class ApiPodPreemptor(KubeApiClient client, string schedulerName, TimeProvider? timeProvider = null) : IPodPreemptor
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public async Task PreemptAsync(V1Pod victim, V1Pod preemptor, string nodeName, CancellationToken cancellationToken)
    {
        var pods = client.Resource<V1Pod>();
        var ns = victim.Metadata.NamespaceProperty;
        var condition = new V1PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = "PreemptionByScheduler",
            Message = $"{schedulerName}: preempting to accommodate a higher priority pod",
            LastTransitionTime = MetaTime.From(clock.GetUtcNow()),
        };
        try
        {
            var patch = JsonSerializer.Serialize(new { status = new { conditions = new[] { condition } } }, KubeJson.Options);
            await pods.PatchAsync(ns, victim.Metadata.Name, PatchType.StrategicMerge, patch, subresource: "status", cancellationToken: cancellationToken);
            await pods.DeleteAsync(ns, victim.Metadata.Name, new DeleteOptions { PreconditionUid = victim.Metadata.Uid }, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Already gone (or replaced by a pod of the same name): nothing left to evict.
        }
    }
}
