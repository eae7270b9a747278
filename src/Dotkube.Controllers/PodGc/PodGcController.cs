using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.PodGc;

/// <summary>
/// kube-controller-manager's "pod-garbage-collector": every check period it deletes finished pods
/// above --terminated-pod-gc-threshold, pods bound to nodes that are gone (after a quarantine and
/// a fresh read of the node), and pods being deleted that were never scheduled. Pods that are not
/// finished are first marked Failed — with a DisruptionTarget condition when their node is gone —
/// then deleted at once (grace period 0), as upstream does. Pods on nodes tainted out-of-service
/// are left to the node lifecycle controller.
/// </summary>
public sealed class PodGcController(PodGcOptions? options = null) : IController
{
    public PodGcOptions Options { get; } = options ?? new PodGcOptions();

    public string Name => "pod-garbage-collector";

    public string ServiceAccount => "pod-garbage-collector";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var pods = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var nodes = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.pod-garbage-collector");
        await Task.WhenAll(pods.WaitForSyncAsync(cancellationToken), nodes.WaitForSyncAsync(cancellationToken));
        var quarantine = new NodeQuarantine(Options.Quarantine);
        using var timer = new PeriodicTimer(Options.CheckPeriod, context.Clock);
        do
        {
            await PassAsync(context.Client, pods.Cache, nodes.Cache, quarantine, context.Clock.GetUtcNow(), logger, cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One collection pass; failures of single pods are logged and retried on the next pass.</summary>
    public async Task PassAsync(KubeApiClient client, IObjectCache<V1Pod> podCache, IObjectCache<V1Node> nodeCache, NodeQuarantine quarantine,
        DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        var all = podCache.List();
        foreach (var pod in PodGcPlanner.TerminatedOverThreshold(all, Options.TerminatedPodGcThreshold))
        {
            logger.LogInformation("PodGC is force deleting terminated pod {Namespace}/{Name}", pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            await MarkFailedAndDeleteAsync(client, pod, null, logger, ct);
        }

        var nodeNames = nodeCache.List().Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in quarantine.Update(PodGcPlanner.MissingNodes(all, nodeNames), now))
        {
            if (await client.TryGetAsync<V1Node>(ResourceType.Nodes, null, node, ct) is not null)
            {
                quarantine.Forget(node);
                continue;
            }
            foreach (var pod in all.Where(p => p.Spec?.NodeName == node))
            {
                logger.LogInformation("found orphaned pod {Namespace}/{Name} assigned to the node {Node}, deleting", pod.Metadata.NamespaceProperty, pod.Metadata.Name, node);
                var condition = new V1PodCondition
                {
                    Type = "DisruptionTarget",
                    Status = "True",
                    Reason = "DeletionByPodGC",
                    Message = "PodGC: node no longer exists",
                    LastTransitionTime = MetaTime.From(now),
                };
                await MarkFailedAndDeleteAsync(client, pod, condition, logger, ct);
            }
        }

        foreach (var pod in PodGcPlanner.UnscheduledTerminating(all))
        {
            logger.LogInformation("PodGC is force deleting unscheduled terminating pod {Namespace}/{Name}", pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            await MarkFailedAndDeleteAsync(client, pod, null, logger, ct);
        }
    }

    private static async Task MarkFailedAndDeleteAsync(KubeApiClient client, V1Pod pod, V1PodCondition? condition, ILogger logger, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        try
        {
            var status = new Dictionary<string, object>();
            if (!PodGcPlanner.IsTerminated(pod))
            {
                status["phase"] = "Failed";
            }
            if (condition is not null)
            {
                status["conditions"] = new[] { condition };
            }
            if (status.Count > 0)
            {
                var patch = JsonSerializer.Serialize(new { status }, KubeJson.Options);
                await client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(ns, pod.Metadata.Name, PatchType.StrategicMerge, patch, subresource: "status", cancellationToken: ct);
            }
            await client.DeleteAsync(ResourceType.Pods, ns, pod.Metadata.Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Metadata.Uid }, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone already, or a new pod of that name: nothing to collect.
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning("PodGC could not delete pod {Namespace}/{Name}: {Error}", ns, pod.Metadata.Name, e.Message);
        }
    }
}
