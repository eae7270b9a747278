using Dotkube.Client;
using Dotkube.Client.Discovery;
using Dotkube.Client.Informers;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.GarbageCollector;

/// <summary>
/// Feeding the owner graph: one metadata view per collectable resource, kept in line with
/// discovery — over the shared informer when another controller watches the resource anyway (one
/// watch and one decode per resource in the process), else a metadata-only watch of its own.
/// </summary>
public sealed partial class GarbageCollector
{
    private static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);
    private static readonly ResourceType ApiServices = new("apiregistration.k8s.io", "v1", "apiservices", "APIService", false);

    private sealed record Monitor(ResourceType Resource, MetadataInformer Informer);

    /// <summary>A CustomResourceDefinition or APIService that changes may change what is served: read discovery again.</summary>
    private IDisposable[] WatchApiChanges(ControllerContext context)
    {
        void Poke() => rediscover.Writer.TryWrite(true);
        var handler = new ResourceEventHandler<PartialObjectMetadata>
        {
            Added = (_, initial) =>
            {
                if (!initial)
                {
                    Poke();
                }
            },
            Updated = (_, _) => Poke(),
            Deleted = (_, _) => Poke(),
        };
        return
        [
            context.Informers.Get<PartialObjectMetadata>(CustomResourceDefinitions).AddHandler(handler),
            context.Informers.Get<PartialObjectMetadata>(ApiServices).AddHandler(handler),
        ];
    }

    /// <summary>Which resources the collector watches: those that support delete, list and watch, in their preferred version.</summary>
    internal static IReadOnlyList<ResourceType> Collectable(DiscoveryResult discovery) =>
        [.. discovery.Preferred
            .Where(r => r.SupportsAll("delete", "list", "watch") && !Ignored.Contains(GarbageCollectorNode.Key(r.Type)))
            .Select(r => r.Type)];

    /// <summary>
    /// Reads discovery and brings the informers in line: resources that appeared are watched (and
    /// listed before this returns, up to the sync timeout), those that went are dropped from the graph.
    /// A partial discovery keeps the watches of the group versions that failed to answer.
    /// </summary>
    private async Task SyncMonitorsAsync(ControllerContext context, CancellationToken ct)
    {
        DiscoveryResult found;
        try
        {
            found = await client.DiscoverResourcesAsync(ct);
        }
        catch (Exception e) when (e is KubeApiException or TimeoutException or HttpRequestException or System.Text.Json.JsonException)
        {
            logger.LogWarning("garbage collector: discovery failed, keeping the current watches: {Message}", e.Message);
            return;
        }
        if (found.Error is { } partial)
        {
            logger.LogInformation("garbage collector: {Error}", partial);
        }
        discovery = found;
        var wanted = Collectable(found).ToDictionary(GarbageCollectorNode.Key, StringComparer.Ordinal);
        foreach (var (key, monitor) in monitors.ToList())
        {
            var failedGroup = found.FailedGroupVersions.ContainsKey(monitor.Resource.ApiVersion);
            if ((wanted.TryGetValue(key, out var type) && type == monitor.Resource) || (!wanted.ContainsKey(key) && failedGroup))
            {
                continue;
            }
            await monitor.Informer.DisposeAsync();
            monitors.Remove(key);
            if (type is null)
            {
                var enqueue = new List<string>();
                graph.Drop(key, enqueue);
                Enqueue(enqueue);
                logger.LogInformation("garbage collector: {Resource} is no longer served; stopped watching it", key);
            }
        }
        var started = new List<MetadataInformer>();
        foreach (var (key, type) in wanted)
        {
            if (monitors.ContainsKey(key))
            {
                continue;
            }
            var informer = context.Informers.GetMetadata(type);
            informer.AddHandler(
                onAdd: (o, _) => Observe(type, o),
                onUpdate: (_, o) => Observe(type, o),
                onDelete: (o, _) => Forget(o));
            informer.Start(ct);
            monitors[key] = new Monitor(type, informer);
            started.Add(informer);
        }
        if (started.Count > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.SyncTimeout);
            try
            {
                await Task.WhenAll(started.Select(i => i.WaitForSyncAsync(timeout.Token)));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("garbage collector: not every new watch listed within {Timeout}; going on, they keep trying", options.SyncTimeout);
            }
        }
    }

    private void Observe(ResourceType type, PartialObjectMetadata obj)
    {
        var enqueue = new List<string>();
        graph.Observe(GarbageCollectorNode.From(type, obj), enqueue);
        Enqueue(enqueue);
    }

    private void Forget(PartialObjectMetadata obj)
    {
        if (obj.Metadata.Uid is { Length: > 0 } uid)
        {
            var enqueue = new List<string>();
            graph.Remove(uid, enqueue);
            Enqueue(enqueue);
        }
    }
}
