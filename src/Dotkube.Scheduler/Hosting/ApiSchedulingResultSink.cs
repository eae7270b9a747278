using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Scheduler.Hosting;

/// <summary>
/// Scheduling outcomes written through the API as kube-scheduler writes them: a "Scheduled" or
/// "FailedScheduling" event (events.k8s.io/v1, reportingController default-scheduler), and for
/// failures the PodScheduled=False condition and nominatedNodeName in the pod's status.
/// </summary>
public sealed class ApiSchedulingResultSink(KubeApiClient client, string schedulerName, ILogger logger, TimeProvider? timeProvider = null) : ISchedulingResultSink
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public Task ScheduledAsync(V1Pod pod, string nodeName, string message, CancellationToken cancellationToken) =>
        RecordAsync(pod, "Normal", "Scheduled", "Binding", message, cancellationToken);

    public async Task FailedAsync(V1Pod pod, SchedulingFailure failure, CancellationToken cancellationToken)
    {
        var current = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var conditionChanges = current is null || current.Status != "False" || current.Reason != failure.Reason || current.Message != failure.Message;
        var nominationChanges = failure.NominatedNodeName is not null && failure.NominatedNodeName != (pod.Status?.NominatedNodeName ?? "");
        if (conditionChanges || nominationChanges)
        {
            var status = new Dictionary<string, object?>();
            if (conditionChanges)
            {
                // A strategic merge patch merges conditions by type, leaving the others alone.
                status["conditions"] = new[]
                {
                    new V1PodCondition
                    {
                        Type = "PodScheduled",
                        Status = "False",
                        Reason = failure.Reason,
                        Message = failure.Message,
                        LastTransitionTime = current?.Status == "False" && current.LastTransitionTime is { } kept ? kept : Now(),
                    },
                };
            }
            if (nominationChanges)
            {
                status["nominatedNodeName"] = failure.NominatedNodeName!.Length == 0 ? null : failure.NominatedNodeName;
            }
            var patch = JsonSerializer.Serialize(new { status }, KubeJson.Options);
            try
            {
                await client.Resource<V1Pod>().PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, patch,
                    cancellationToken: cancellationToken, subresource: "status");
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // The pod went away meanwhile; its delete event settles the queue.
            }
        }
        await RecordAsync(pod, "Warning", "FailedScheduling", "Scheduling", failure.Message, cancellationToken);
    }

    private async Task RecordAsync(V1Pod pod, string type, string reason, string action, string message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ev = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{pod.Metadata.Name}.{now.Ticks:x}",
                NamespaceProperty = pod.Metadata.NamespaceProperty,
            },
            EventTime = now,
            ReportingController = schedulerName,
            ReportingInstance = $"{schedulerName}-dotkube",
            Action = action,
            Reason = reason,
            Note = message,
            Type = type,
            Regarding = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                NamespaceProperty = pod.Metadata.NamespaceProperty,
                Uid = pod.Metadata.Uid,
                ResourceVersion = pod.Metadata.ResourceVersion,
            },
        };
        try
        {
            await client.Resource<Eventsv1Event>(new ResourceType("events.k8s.io", "v1", "events", "Event", true)).CreateAsync(ev, cancellationToken: ct);
        }
        catch (KubeApiException e)
        {
            // Events are best effort upstream too; a lost one must not stop scheduling, but it is said.
            logger.LogWarning("could not record event {Reason} for pod {Namespace}/{Name}: {Error}", reason, pod.Metadata.NamespaceProperty, pod.Metadata.Name, e.Message);
        }
    }

    private DateTime Now() => MetaTime.From(clock.GetUtcNow());
}
