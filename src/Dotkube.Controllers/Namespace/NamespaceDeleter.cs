using System.Collections.Concurrent;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Discovery;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Namespace;

/// <summary>
/// Empties a Terminating namespace and then removes the "kubernetes" finalizer through
/// /finalize, as upstream's namespaced resources deleter: discover every namespaced resource
/// that can be deleted, delete each one's content with one DELETE on the collection (item by
/// item where deletecollection is not served), list what remains, and come back after the
/// estimate while pods terminate gracefully or finalizers run. Every pass writes the deletion
/// conditions on the namespace's status.
/// </summary>
public sealed class NamespaceDeleter(KubeApiClient client, IObjectCache<V1Pod> pods, TimeProvider clock, ILogger logger) : IReconciler
{
    public const string KubernetesFinalizer = "kubernetes";

    private static readonly DeleteOptions Background = new() { PropagationPolicy = "Background" };

    // Verbs a resource turned out not to serve after all (404/405), as upstream's opCache.
    private readonly ConcurrentDictionary<(ResourceType, string), bool> notSupported = new();

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var ns = await client.TryGetAsync<V1Namespace>(ResourceType.Namespaces, null, key.Name, cancellationToken);
        if (ns?.Metadata.DeletionTimestamp is null)
        {
            return ReconcileResult.Done;
        }
        ns = await RetryOnConflictAsync(ns, MarkTerminatingAsync, cancellationToken);
        if (ns?.Metadata.DeletionTimestamp is null || ns.Spec?.Finalizers is not { Count: > 0 })
        {
            return ReconcileResult.Done;
        }
        var (estimate, updated) = await DeleteAllContentAsync(ns, cancellationToken);
        if (estimate > 0)
        {
            logger.LogDebug("namespace {Namespace}: content remains, looking again in about {Seconds} s", key.Name, estimate / 2 + 1);
            return ReconcileResult.After(GracefulTermination.RequeueDelay(estimate));
        }
        await RetryOnConflictAsync(updated, FinalizeAsync, cancellationToken);
        logger.LogInformation("namespace {Namespace}: content deleted, finalizer {Finalizer} removed", key.Name, KubernetesFinalizer);
        return ReconcileResult.Done;
    }

    /// <summary>One pass over every deletable namespaced resource; returns the estimate and the namespace as last written.</summary>
    private async Task<(long Estimate, V1Namespace Namespace)> DeleteAllContentAsync(V1Namespace ns, CancellationToken ct)
    {
        var name = ns.Metadata.Name;
        var deletedAt = new DateTimeOffset(DateTime.SpecifyKind(ns.Metadata.DeletionTimestamp!.Value, DateTimeKind.Utc));
        var conditions = new NamespaceConditions();
        var errors = new List<string>();
        IReadOnlyList<ApiResource> resources = [];
        try
        {
            var discovery = await client.DiscoverResourcesAsync(ct);
            resources = discovery.Preferred;
            if (discovery.Error is { } error)
            {
                // Not fatal: the resources that were discovered are still emptied.
                errors.Add(error);
                conditions.DiscoveryFailed(error, discovery.FailedGroupVersions.Count);
            }
        }
        catch (Exception e) when (e is KubeApiException or TimeoutException or HttpRequestException or System.Text.Json.JsonException)
        {
            errors.Add(e.Message);
            conditions.DiscoveryFailed(e.Message, 0);
        }
        var deletable = new List<ApiResource>();
        foreach (var r in resources.Where(r => r.Type.Namespaced && r.SupportsAll("delete")))
        {
            if (r.Type.Version.Length == 0 || r.Type.Version.Contains('/', StringComparison.Ordinal))
            {
                var error = $"unexpected GroupVersion string: {r.Type.ApiVersion}";
                errors.Add(error);
                conditions.GroupVersionParsingFailed(error);
                continue;
            }
            deletable.Add(r);
        }

        long estimate = 0;
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var finalizers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in deletable)
        {
            var result = await DeleteContentAsync(resource, name, deletedAt, ct);
            if (result.Error is { } error)
            {
                errors.Add(error);
                conditions.ContentDeletionFailed(error);
            }
            estimate = Math.Max(estimate, result.Estimate);
            if (result.Remaining > 0)
            {
                remaining[$"{resource.Type.Plural}.{resource.Type.Group}"] = result.Remaining;
                foreach (var (finalizer, count) in result.Finalizers)
                {
                    finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + count;
                }
            }
        }
        conditions.Remaining(remaining, finalizers);
        // Always written when changed: a condition that said "failed" must be seen to clear.
        var status = ObjectCopy.Of(ns);
        status.Status ??= new V1NamespaceStatus();
        if (conditions.Update(status.Status, clock.GetUtcNow()))
        {
            try
            {
                ns = await client.UpdateStatusAsync(ResourceType.Namespaces, status, null, ct);
            }
            catch (KubeApiException e)
            {
                logger.LogWarning("namespace {Namespace}: could not update its deletion conditions: {Message}", name, e.Message);
            }
        }
        if (errors.Count > 0)
        {
            throw new NamespaceContentException(name, errors);
        }
        return (estimate, ns);
    }

    private sealed record ContentResult(long Estimate, int Remaining, IReadOnlyDictionary<string, int> Finalizers, string? Error);

    private async Task<ContentResult> DeleteContentAsync(ApiResource resource, string ns, DateTimeOffset deletedAt, CancellationToken ct)
    {
        var type = resource.Type;
        var now = clock.GetUtcNow();
        var estimate = type is { Group: "", Plural: "pods" } ? GracefulTermination.EstimatePods(pods.List(ns), deletedAt, now) : 0;
        try
        {
            if (!await TryDeleteCollectionAsync(resource, ns, ct))
            {
                await DeleteEachAsync(resource, ns, ct);
            }
            var left = await TryListAsync(resource, ns, ct);
            if (left is null || left.Count == 0)
            {
                return new ContentResult(left is null ? estimate : 0, 0, new Dictionary<string, int>(), null);
            }
            var byFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in left)
            {
                foreach (var f in item.Metadata.Finalizers ?? [])
                {
                    byFinalizer[f] = byFinalizer.GetValueOrDefault(f) + 1;
                }
            }
            if (estimate != 0)
            {
                return new ContentResult(estimate, left.Count, byFinalizer, null);
            }
            if (byFinalizer.Count > 0)
            {
                // Finalizers are normal (the garbage collector's among them): allow them a while.
                return new ContentResult(GracefulTermination.FinalizerEstimateSeconds, left.Count, byFinalizer, null);
            }
            return new ContentResult(0, left.Count, byFinalizer, $"unexpected items still remain in namespace: {ns} for gvr: {GvrText(type)}");
        }
        catch (Exception e) when (e is KubeApiException or TimeoutException or HttpRequestException or System.Text.Json.JsonException)
        {
            return new ContentResult(estimate, 0, new Dictionary<string, int>(), e.Message);
        }
    }

    /// <returns>false when the resource does not serve deletecollection.</returns>
    private async Task<bool> TryDeleteCollectionAsync(ApiResource resource, string ns, CancellationToken ct)
    {
        if (!resource.SupportsAll("deletecollection") || notSupported.ContainsKey((resource.Type, "deletecollection")))
        {
            return false;
        }
        try
        {
            await client.DeleteCollectionAsync(resource.Type, ns, Background, null, null, ct);
            return true;
        }
        catch (KubeApiException e) when (e.Code is 404 or 405)
        {
            notSupported[(resource.Type, "deletecollection")] = true;
            return false;
        }
    }

    private async Task DeleteEachAsync(ApiResource resource, string ns, CancellationToken ct)
    {
        var items = await TryListAsync(resource, ns, ct);
        foreach (var item in items ?? [])
        {
            try
            {
                await client.DeleteAsync(resource.Type, ns, item.Metadata.Name, Background, ct);
            }
            catch (KubeApiException e) when (e.Code is 404 or 405)
            {
                // Gone already, or not deletable one by one either: nothing more to do here.
            }
        }
    }

    /// <returns>null when the resource cannot be listed.</returns>
    private async Task<IReadOnlyList<PartialObjectMetadata>?> TryListAsync(ApiResource resource, string ns, CancellationToken ct)
    {
        if (!resource.SupportsAll("list") || notSupported.ContainsKey((resource.Type, "list")))
        {
            return null;
        }
        try
        {
            return (await client.ListAsync<PartialObjectMetadata>(resource.Type, ns, null, ct)).Items;
        }
        catch (KubeApiException e) when (e.Code is 404 or 405)
        {
            notSupported[(resource.Type, "list")] = true;
            return null;
        }
    }

    private async Task<V1Namespace> MarkTerminatingAsync(V1Namespace ns, CancellationToken ct)
    {
        if (ns.Status?.Phase == "Terminating")
        {
            return ns;
        }
        var updated = ObjectCopy.Of(ns);
        updated.Status ??= new V1NamespaceStatus();
        updated.Status.Phase = "Terminating";
        return await client.UpdateStatusAsync(ResourceType.Namespaces, updated, null, ct);
    }

    private async Task<V1Namespace> FinalizeAsync(V1Namespace ns, CancellationToken ct)
    {
        var finalize = ObjectCopy.Of(ns);
        finalize.Spec ??= new V1NamespaceSpec();
        finalize.Spec.Finalizers = [.. (ns.Spec?.Finalizers ?? []).Where(f => f != KubernetesFinalizer).Distinct().Order(StringComparer.Ordinal)];
        try
        {
            return await client.ReplaceAsync(ResourceType.Namespaces, finalize, "finalize", null, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Finalized and gone already.
            return ns;
        }
    }

    /// <summary>Applies <paramref name="change"/>, re-reading the namespace after each conflict; null when it is gone.</summary>
    private async Task<V1Namespace?> RetryOnConflictAsync(V1Namespace ns, Func<V1Namespace, CancellationToken, Task<V1Namespace>> change, CancellationToken ct)
    {
        var latest = ns;
        while (true)
        {
            try
            {
                return await change(latest, ct);
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                var previous = latest;
                var fresh = await client.TryGetAsync<V1Namespace>(ResourceType.Namespaces, null, previous.Metadata.Name, ct);
                if (fresh is null)
                {
                    return null;
                }
                if (fresh.Metadata.Uid != previous.Metadata.Uid)
                {
                    throw new InvalidOperationException("namespace uid has changed across retries");
                }
                latest = fresh;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }
        }
    }

    /// <summary>A GroupVersionResource as Go prints it: "apps/v1, Resource=deployments", "/v1, Resource=pods".</summary>
    internal static string GvrText(ResourceType type) => $"{type.Group}/{type.Version}, Resource={type.Plural}";
}
