using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.EndpointSlice;

/// <summary>
/// Keeps the EndpointSlices of one Service (labelled with its name and managed by this
/// controller) in step with its pods. Services without a selector are left alone; a deleted
/// Service's slices go with it through their ownerReference (the garbage collector), as upstream.
/// </summary>
public sealed class EndpointSliceReconciler(
    KubeApiClient client,
    IObjectCache<V1Service> services,
    IObjectCache<V1Pod> pods,
    IObjectCache<V1Node> nodes,
    IObjectCache<V1EndpointSlice> slices,
    TriggerTimeTracker triggers,
    SliceWriteTracker writes,
    EventRecorder events,
    ILogger logger) : IReconciler
{
    /// <summary>How soon a sync that found the cache behind its own writes, or pods on unknown nodes, looks again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var keyText = key.ToString();
        var service = services.Get(key.Namespace, key.Name);
        if (service is null)
        {
            triggers.Forget(key.Namespace, key.Name);
            writes.Forget(keyText);
            return ReconcileResult.Done;
        }
        if (EndpointPods.SelectorOf(service) is not { } selector || service.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var existing = SlicesOf(service);
        if (writes.IsStale(keyText, existing))
        {
            return ReconcileResult.After(RetryDelay);
        }
        var selected = EndpointPods.PodsFor(service, selector, pods);
        var desired = EndpointSliceBuilder.Build(service, selected, name => nodes.Get(name));
        var trigger = triggers.Observe(service, selected);
        var plan = EndpointSlicePlanner.Plan(service, desired, existing, trigger.Time);
        var api = client.Resource<V1EndpointSlice>(ResourceType.EndpointSlices);
        try
        {
            foreach (var slice in plan.ToCreate)
            {
                writes.Wrote(keyText, await api.CreateAsync(slice, cancellationToken: cancellationToken));
            }
            foreach (var slice in plan.ToUpdate)
            {
                writes.Wrote(keyText, await api.UpdateAsync(slice, cancellationToken: cancellationToken));
            }
            foreach (var slice in plan.ToDelete)
            {
                try
                {
                    await api.DeleteAsync(slice.Metadata.NamespaceProperty, slice.Metadata.Name, cancellationToken: cancellationToken);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    // Already gone.
                }
                writes.Deleted(keyText, slice.Metadata.Name);
            }
            // Written (or nothing to write): the changes seen count as reflected; a failed sync leaves them for its retry.
            triggers.Commit(trigger);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            logger.LogDebug("endpoint slices of {Key}: {Message}; retrying", key, e.Message);
            return ReconcileResult.RequeueWithBackoff;
        }
        catch (KubeApiException e) when (!e.IsNotFound)
        {
            events.Event(service, "Warning", "FailedToUpdateEndpointSlices", $"Error updating Endpoint Slices for Service {keyText}: {e.Message}", ResourceType.Services);
            throw;
        }
        return desired.MissingNodes ? ReconcileResult.After(TimeSpan.FromSeconds(1)) : ReconcileResult.Done;
    }

    /// <summary>The slices this controller manages for the Service (its name label and our managed-by label).</summary>
    private List<V1EndpointSlice> SlicesOf(V1Service service) =>
        slices.List(service.Metadata.NamespaceProperty ?? "")
            .Where(s => s.Metadata.Labels is { } l
                && l.TryGetValue(EndpointSlicePlanner.ServiceNameLabel, out var name) && name == service.Metadata.Name
                && l.TryGetValue(EndpointSlicePlanner.ManagedByLabel, out var by) && by == EndpointSlicePlanner.ManagedBy)
            .ToList();
}
