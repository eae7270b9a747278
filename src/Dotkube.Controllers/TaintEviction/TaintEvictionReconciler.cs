using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.TaintEviction;

/// <summary>
/// One pod against its node's NoExecute taints: evicted (DisruptionTarget condition with reason
/// DeletionByTaintManager, then a graceful delete) when its tolerations run out, as upstream's
/// taint eviction controller.
/// </summary>
public sealed class TaintEvictionReconciler(
    KubeApiClient client,
    IObjectCache<V1Node> nodes,
    IObjectCache<V1Pod> pods,
    EvictionSchedule schedule,
    EventRecorder events,
    TimeProvider clock,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var keyText = key.ToString();
        var pod = pods.Get(key.Namespace, key.Name);
        if (pod is null || pod.Metadata.DeletionTimestamp is not null || string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            schedule.Forget(keyText);
            return ReconcileResult.Done;
        }
        var node = nodes.Get(null, pod.Spec.NodeName);
        var taints = node?.Spec?.Taints?.Where(t => t.Effect == "NoExecute").ToList() ?? [];
        var now = clock.GetUtcNow();
        var decision = schedule.Plan(keyText, taints, pod.Spec.Tolerations, now);
        if (decision.Cancelled)
        {
            events.Event(pod, "Normal", "TaintManagerEviction", $"Cancelling deletion of Pod {keyText}", ResourceType.Pods);
        }
        switch (decision.Action)
        {
            case EvictionAction.Wait:
                return ReconcileResult.After(decision.At - now);
            case EvictionAction.EvictNow:
                await EvictAsync(pod, keyText, now, cancellationToken);
                schedule.Forget(keyText);
                return ReconcileResult.Done;
            default:
                return ReconcileResult.Done;
        }
    }

    private async Task EvictAsync(V1Pod pod, string keyText, DateTimeOffset now, CancellationToken ct)
    {
        logger.LogInformation("deleting pod {Pod}: its node {Node} has a NoExecute taint it does not tolerate (any more)", keyText, pod.Spec.NodeName);
        events.Event(pod, "Normal", "TaintManagerEviction", $"Marking for deletion Pod {keyText}", ResourceType.Pods);
        var pods = client.Resource<V1Pod>(ResourceType.Pods);
        try
        {
            if (pod.Status?.Conditions?.Any(c => c.Type == "DisruptionTarget" && c.Status == "True" && c.Reason == "DeletionByTaintManager") != true)
            {
                var patch = $$$"""
                    {"status":{"conditions":[{"type":"DisruptionTarget","status":"True","reason":"DeletionByTaintManager","message":"Taint manager: deleting due to NoExecute taint","lastTransitionTime":"{{{MetaTime.Format(now)}}}"}]}}
                    """;
                await pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, patch, subresource: "status", cancellationToken: ct);
            }
            await pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, new DeleteOptions { PreconditionUid = pod.Metadata.Uid }, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone already, or replaced by a pod of the same name that the informer will bring.
        }
    }
}
