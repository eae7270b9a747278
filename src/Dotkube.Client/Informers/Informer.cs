using Dotkube.Client.Cache;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.Client.Informers;

/// <summary>
/// Keeps a local cache of one resource in step with the server: lists, then watches from the list's
/// resourceVersion; resumes each watch from the last revision seen; relists on 410 Gone and turns
/// the difference into add/update/delete notifications; reconnects with backoff across connection
/// drops, server restarts and watch timeouts; reports every failure (<see cref="Failed"/> and the
/// logger) instead of going quiet.
/// </summary>
public sealed partial class Informer<T> : IInformer
    where T : class
{
    private readonly KubeApiClient client;
    private readonly ObjectCache<T> cache = new();
    private readonly ObjectCodec<T> codec = ObjectCodec<T>.Default;
    private readonly List<HandlerListener<T>> listeners = [];
    private readonly Lock dispatchGate = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private Task? running;
    private string? lastResourceVersion;

    public Informer(KubeApiClient client, ResourceType resource, InformerOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        this.client = client;
        Resource = resource;
        Options = options ?? new InformerOptions();
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        // Pods read as metadata alone (PartialObjectMetadata) have no spec to index.
        if (resource == ResourceType.Pods && typeof(T) != typeof(PartialObjectMetadata))
        {
            cache.AddIndex(CacheIndexes.NodeName, CacheIndexes.NodeNameFunc<T>());
        }
        cache.AddIndex(CacheIndexes.OwnerUid, CacheIndexes.OwnerUidFunc<T>());
    }

    /// <summary>Raised (on the informer's thread) each time a list or watch fails; the informer retries by itself.</summary>
    public event Action<InformerFailure>? Failed;

    public ResourceType Resource { get; }

    public InformerOptions Options { get; }

    /// <summary>The local cache: read from here, write to the server.</summary>
    public IObjectCache<T> Cache => cache;

    /// <summary>True once the first list is in the cache.</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    public bool IsStarted => running is not null;

    /// <summary>The newest revision the cache reflects (from the last list, event or bookmark).</summary>
    public string? LastSyncResourceVersion => Volatile.Read(ref lastResourceVersion);

    /// <summary>True while a watch stream is open.</summary>
    public bool IsWatching { get; private set; }

    /// <summary>Failures since the last successful list or watch event.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>The most recent failure, kept after recovery for diagnosis.</summary>
    public InformerFailure? LastFailure { get; private set; }

    /// <summary>How many lists (the first one included) the informer has done.</summary>
    public int ListCount { get; private set; }

    private string Name => string.IsNullOrEmpty(Options.Namespace) ? Resource.ToString() : $"{Resource} in {Options.Namespace}";

    /// <summary>Adds an index; allowed at any time (what is cached is indexed at once).</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> indexFunc) => cache.AddIndex(name, indexFunc);

    /// <summary>
    /// Registers a handler. If the informer already has objects, the handler first gets OnAdd for
    /// each (isInInitialList true), then every later change. Dispose the result to unregister.
    /// </summary>
    public IDisposable AddHandler(IResourceEventHandler<T> handler)
    {
        lock (dispatchGate)
        {
            var listener = new HandlerListener<T>(handler, logger, Name, RemoveListener);
            foreach (var obj in cache.List())
            {
                listener.Enqueue(new Notification<T>(NotificationKind.Add, null, obj, true));
            }
            listeners.Add(listener);
            return listener;
        }
    }

    public IDisposable AddHandler(Action<T, bool>? onAdd = null, Action<T, T>? onUpdate = null, Action<T, bool>? onDelete = null) =>
        AddHandler(new ResourceEventHandler<T> { Added = onAdd, Updated = onUpdate, Deleted = onDelete });

    public IDisposable AddMetadataHandler(IResourceEventHandler<PartialObjectMetadata> handler)
    {
        if (handler is IResourceEventHandler<T> same)
        {
            return AddHandler(same);
        }
        PartialObjectMetadata View(T obj) => new()
        {
            ApiVersion = Resource.ApiVersion,
            Kind = Resource.Kind,
            Metadata = codec.Metadata(obj) ?? new V1ObjectMeta(),
        };
        return AddHandler(new ResourceEventHandler<T>
        {
            Added = (o, initial) => handler.OnAdd(View(o), initial),
            Updated = (old, o) => handler.OnUpdate(View(old), View(o)),
            Deleted = (o, unknown) => handler.OnDelete(View(o), unknown),
        });
    }

    public void Start(CancellationToken cancellationToken = default)
    {
        lock (dispatchGate)
        {
            if (running is not null)
            {
                return;
            }
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
            running = Task.Run(() => RunLoopAsync(linked.Token)).ContinueWith(_ => linked.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>Runs until cancelled (the runnable shape): starts, then waits for the loop to end.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Start(cancellationToken);
        await running!.ConfigureAwait(false);
    }

    public async Task WaitForSyncAsync(CancellationToken cancellationToken = default) =>
        await synced.Task.WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Waits until every handler has processed what was queued for it so far (for tests and orderly shutdown).</summary>
    public async Task WaitForHandlersIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (dispatchGate)
            {
                if (listeners.All(l => l.Pending == 0))
                {
                    return;
                }
            }
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }
        lock (dispatchGate)
        {
            foreach (var l in listeners)
            {
                l.Complete();
            }
        }
        stopping.Dispose();
    }

    private void RemoveListener(HandlerListener<T> listener)
    {
        lock (dispatchGate)
        {
            listeners.Remove(listener);
        }
    }

    private void Dispatch(Notification<T> notification)
    {
        foreach (var l in listeners)
        {
            l.Enqueue(notification);
        }
    }
}
