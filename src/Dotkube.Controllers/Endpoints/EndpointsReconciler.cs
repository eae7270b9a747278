using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Endpoints;

/// <summary>
/// Keeps the Endpoints object of one Service (same name) equal to what its selected pods say;
/// deletes it when the Service is gone; leaves Services without a selector (and their hand-made
/// Endpoints) alone. Reads from the caches; a cache still showing the version this controller
/// replaced is stale and retried later (upstream's staleEndpointsTracker), as is a conflict.
/// </summary>
public sealed class EndpointsReconciler(
    KubeApiClient client,
    IObjectCache<V1Service> services,
    IObjectCache<V1Pod> pods,
    IObjectCache<V1Endpoints> endpoints,
    TriggerTimeTracker triggers,
    EventRecorder events,
    ILogger logger) : IReconciler
{
    /// <summary>Endpoints written by leader election upstream carry this; the controller never deletes those.</summary>
    public const string LeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";

    /// <summary>Per Service key, the resourceVersion of the Endpoints our last update replaced.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> replaced = new(StringComparer.Ordinal);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = services.Get(key.Namespace, key.Name);
        var api = client.Resource<V1Endpoints>(ResourceType.Endpoints);
        var current = endpoints.Get(key.Namespace, key.Name);
        if (service is null)
        {
            triggers.Forget(key.Namespace, key.Name);
            replaced.TryRemove(key.ToString(), out _);
            if (current is not null && current.Metadata.Annotations?.ContainsKey(LeaderAnnotation) != true)
            {
                try
                {
                    await api.DeleteAsync(key.Namespace, key.Name, cancellationToken: cancellationToken);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    // Already gone.
                }
            }
            return ReconcileResult.Done;
        }
        if (EndpointPods.SelectorOf(service) is not { } selector)
        {
            return ReconcileResult.Done;
        }
        if (current?.Metadata.ResourceVersion is { } seen && replaced.TryGetValue(key.ToString(), out var old) && seen == old)
        {
            // The cache has not caught up with our own last write yet.
            return ReconcileResult.RequeueWithBackoff;
        }
        var selected = EndpointPods.PodsFor(service, selector, pods);
        var subsets = EndpointsBuilder.Build(service, selected);
        var truncated = EndpointsBuilder.Truncate(subsets);
        var labels = EndpointPods.LabelsFor(service);
        var trigger = triggers.Observe(service, selected);

        var overCapacityRight = (current?.Metadata.Annotations?.ContainsKey(EndpointsBuilder.OverCapacityAnnotation) ?? false) == truncated;
        if (current is not null && overCapacityRight
            && EndpointsBuilder.SameSubsets(current.Subsets, subsets)
            && EndpointPods.SameLabels(current.Metadata.Labels, labels))
        {
            // Nothing to write: the changes seen are reflected already (upstream updates its tracker here too).
            triggers.Commit(trigger);
            return ReconcileResult.Done;
        }

        var annotations = new Dictionary<string, string>(current?.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (trigger.Time is { } t)
        {
            annotations[EndpointPods.LastChangeTriggerTime] = TriggerTimeTracker.Format(t);
        }
        else
        {
            annotations.Remove(EndpointPods.LastChangeTriggerTime);
        }
        if (truncated)
        {
            annotations[EndpointsBuilder.OverCapacityAnnotation] = "truncated";
        }
        else
        {
            annotations.Remove(EndpointsBuilder.OverCapacityAnnotation);
        }
        var desired = new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta
            {
                Name = service.Metadata.Name,
                NamespaceProperty = service.Metadata.NamespaceProperty,
                Labels = labels.Count > 0 ? labels : null,
                Annotations = annotations.Count > 0 ? annotations : null,
                ResourceVersion = current?.Metadata.ResourceVersion,
                Uid = current?.Metadata.Uid,
                CreationTimestamp = current?.Metadata.CreationTimestamp,
                OwnerReferences = current?.Metadata.OwnerReferences,
                Finalizers = current?.Metadata.Finalizers,
            },
            Subsets = subsets,
        };
        try
        {
            if (current is null)
            {
                // A Service being deleted gets no new Endpoints (they would outlive it).
                if (service.Metadata.DeletionTimestamp is not null)
                {
                    return ReconcileResult.Done;
                }
                await api.CreateAsync(desired, cancellationToken: cancellationToken);
            }
            else
            {
                var updated = await api.UpdateAsync(desired, cancellationToken: cancellationToken);
                if (updated.Metadata.ResourceVersion != current.Metadata.ResourceVersion && current.Metadata.ResourceVersion is { } previous)
                {
                    replaced[key.ToString()] = previous;
                }
            }
            triggers.Commit(trigger);
        }
        catch (KubeApiException e) when (e.IsConflict || e.IsAlreadyExists)
        {
            // The cache is behind the server: try again once it has caught up.
            logger.LogDebug("endpoints {Key}: {Message}; retrying", key, e.Message);
            return ReconcileResult.RequeueWithBackoff;
        }
        catch (KubeApiException e) when (!e.IsNotFound)
        {
            events.Event(service, "Warning", "FailedToUpdateEndpoint", $"Failed to update endpoint {key}: {e.Message}", ResourceType.Services);
            throw;
        }
        return ReconcileResult.Done;
    }
}
