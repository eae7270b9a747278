using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.Client.Informers;

/// <summary>
/// Hands out one informer per (resource, object type, namespace, selectors), so that the
/// controllers of one process share their caches and watches. Informers asked for after
/// <see cref="Start"/> start at once.
/// </summary>
public sealed class SharedInformerFactory : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(ResourceType, Type, string, string, string), IInformer> informers = new();
    private readonly KubeApiClient client;
    private readonly InformerOptions defaults;
    private readonly ILoggerFactory loggerFactory;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private CancellationToken startedWith;
    private bool started;

    public SharedInformerFactory(KubeApiClient client, InformerOptions? defaults = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        this.client = client;
        this.defaults = defaults ?? new InformerOptions();
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        time = timeProvider ?? TimeProvider.System;
    }

    public KubeApiClient Client => client;

    /// <summary>The shared informer of a KubernetesClient model's resource (all namespaces unless the defaults say otherwise).</summary>
    public Informer<T> Get<T>(string? ns = null, string? labelSelector = null, string? fieldSelector = null)
        where T : class => Get<T>(ResourceType.For<T>(), ns, labelSelector, fieldSelector);

    public Informer<T> Get<T>(ResourceType resource, string? ns = null, string? labelSelector = null, string? fieldSelector = null)
        where T : class
    {
        ns ??= defaults.Namespace ?? "";
        labelSelector ??= defaults.LabelSelector ?? "";
        fieldSelector ??= defaults.FieldSelector ?? "";
        var key = (resource, typeof(T), resource.Namespaced ? ns : "", labelSelector, fieldSelector);
        var informer = informers.GetOrAdd(key, _ => new Informer<T>(
            client,
            resource,
            defaults with
            {
                Namespace = key.Item3,
                LabelSelector = labelSelector.Length == 0 ? null : labelSelector,
                FieldSelector = fieldSelector.Length == 0 ? null : fieldSelector,
            },
            loggerFactory.CreateLogger($"Dotkube.Client.Informer.{resource}"),
            time));
        lock (gate)
        {
            if (started)
            {
                informer.Start(startedWith);
            }
        }
        return (Informer<T>)informer;
    }

    /// <summary>
    /// A resource's objects as metadata alone, for consumers like the garbage collector that need
    /// nothing else. When this factory already has an informer on the resource (whatever its
    /// object type, same namespace and selectors), the result is a view over it, so the process
    /// keeps one watch and one decode per resource; otherwise it is a metadata-only informer of
    /// its own (as=PartialObjectMetadata on the wire), not shared, that the caller starts and disposes.
    /// Ask for the typed informers first: one asked for later opens a second watch.
    /// </summary>
    public MetadataInformer GetMetadata(ResourceType resource)
    {
        var ns = resource.Namespaced ? defaults.Namespace ?? "" : "";
        var labelSelector = defaults.LabelSelector ?? "";
        var fieldSelector = defaults.FieldSelector ?? "";
        var existing = informers
            .Where(e => e.Key.Item1 == resource && e.Key.Item3 == ns && e.Key.Item4 == labelSelector && e.Key.Item5 == fieldSelector)
            .OrderBy(e => e.Key.Item2 == typeof(PartialObjectMetadata) ? 1 : 0)
            .Select(e => e.Value)
            .FirstOrDefault();
        if (existing is not null)
        {
            return new MetadataInformer(existing, owned: false);
        }
        var own = new Informer<PartialObjectMetadata>(
            client,
            resource,
            defaults with
            {
                Namespace = ns.Length == 0 ? null : ns,
                LabelSelector = labelSelector.Length == 0 ? null : labelSelector,
                FieldSelector = fieldSelector.Length == 0 ? null : fieldSelector,
            },
            loggerFactory.CreateLogger($"Dotkube.Client.Informer.metadata.{resource}"),
            time);
        return new MetadataInformer(own, owned: true);
    }

    public IReadOnlyCollection<IInformer> Informers => [.. informers.Values];

    /// <summary>Starts every informer asked for so far, and any asked for later.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            started = true;
            startedWith = cancellationToken;
            foreach (var informer in informers.Values)
            {
                informer.Start(cancellationToken);
            }
        }
    }

    /// <summary>Waits until every started informer has its first list in its cache.</summary>
    public Task WaitForCacheSyncAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(informers.Values.Where(i => i.IsStarted).Select(i => i.WaitForSyncAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var informer in informers.Values)
        {
            await informer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
