using System.Text.Json;
using System.Threading.Channels;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// The garbage collector: deletes objects whose owners (metadata.ownerReferences) are all gone,
/// and finishes deletions that wait on dependents — "orphan" (dependents lose their reference to
/// the owner) and "foregroundDeletion" (dependents go first; those with blockOwnerDeletion hold the
/// owner until they are gone). Upstream's semantics (pkg/controller/garbagecollector), own code.
/// </summary>
/// <remarks>
/// One watch per resource that supports list, watch and delete feeds an owner graph; a bounded,
/// de-duplicating queue of object uids is worked by a few workers, which decide on live reads and
/// write through the generic store as system:apiserver. Each resource is relisted every resync
/// period and the graph's open cases are queued again, so a missed event costs a delay, not a leak.
/// It runs in the API server's process; this shape is correct at a few thousand objects but not
/// yet optimised for 30,000 (one full relist per resource per period, one live read per owner
/// check): the workloads issue moves it onto the shared informer client with the other controllers.
/// </remarks>
public sealed partial class GarbageCollector
{
    private readonly IObjectStores stores;
    private readonly ILogger logger;
    private readonly GarbageCollectorOptions options;
    private readonly GarbageCollectorGraph graph = new();
    private readonly GarbageCollectorQueue queue;
    private readonly Dictionary<string, ResourceWatch> watches = new(StringComparer.Ordinal);
    private readonly Channel<bool> registryChanged = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public GarbageCollector(IObjectStores stores, ILogger logger, GarbageCollectorOptions? options = null)
    {
        this.stores = stores;
        this.logger = logger;
        this.options = options ?? new GarbageCollectorOptions();
        queue = new GarbageCollectorQueue(this.options.QueueCapacity, this.options.RetryBaseDelay, this.options.RetryMaxDelay);
    }

    public GarbageCollector(ApiHandler api, ILogger logger, GarbageCollectorOptions? options = null)
        : this(new ApiObjectStores(api), logger, options)
    {
    }

    /// <summary>The owner graph as the watches have built it.</summary>
    public GarbageCollectorGraph Graph => graph;

    /// <summary>
    /// Lists and watches every collectable resource, then works the queue until cancelled.
    /// Nothing is decided before each resource has been listed once, as upstream waits for its
    /// caches: an owner orphaned before its dependents are known would leave them behind.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        // Workers and watches stop with this run, however it ends.
        using var life = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = life.Token;
        stores.Registry.Changed += OnRegistryChanged;
        var workers = new List<Task>();
        try
        {
            await SuperviseWatchesAsync(token);
            for (var i = 0; i < options.Workers; i++)
            {
                workers.Add(Task.Run(() => WorkerAsync(token), CancellationToken.None));
            }
            logger.LogInformation("garbage collector started: {Resources} resources, {Objects} objects", watches.Count, graph.Count);
            while (!token.IsCancellationRequested)
            {
                await WaitForResyncAsync(token);
                await SuperviseWatchesAsync(token);
                if (queue.Overflowed())
                {
                    logger.LogWarning("garbage collector: work queue was full; dropped keys are queued again by this resync");
                }
                Enqueue(graph.NeedingAttention());
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            stores.Registry.Changed -= OnRegistryChanged;
            await life.CancelAsync();
            queue.Stop();
            await Task.WhenAll([.. workers, .. watches.Values.Select(w => w.Loop)]);
            foreach (var w in watches.Values)
            {
                w.Stop.Dispose();
            }
            watches.Clear();
        }
    }

    /// <summary>
    /// One pass without watches or workers, for tests and tools: relists every resource into the
    /// graph and queues what needs work. Follow with <see cref="DrainAsync"/>.
    /// </summary>
    internal async Task SyncAsync(CancellationToken ct)
    {
        foreach (var def in CollectableResources().Values)
        {
            await RelistAsync(def, ct);
        }
        Enqueue(graph.NeedingAttention());
    }

    /// <summary>Processes queued keys on the caller's task until none is ready; returns how many ran.</summary>
    internal async Task<int> DrainAsync(CancellationToken ct)
    {
        var count = 0;
        while (queue.TryTake(out var key))
        {
            try
            {
                await ProcessAsync(key, ct);
            }
            finally
            {
                queue.Done(key);
            }
            count++;
        }
        return count;
    }

    private void OnRegistryChanged() => registryChanged.Writer.TryWrite(true);

    private async Task WaitForResyncAsync(CancellationToken ct)
    {
        using var period = CancellationTokenSource.CreateLinkedTokenSource(ct);
        period.CancelAfter(options.ResyncPeriod);
        try
        {
            // A newly registered resource (a CustomResourceDefinition) is watched right away.
            await registryChanged.Reader.ReadAsync(period.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The period is up: time for the periodic resync.
        }
    }

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (true)
        {
            string key;
            try
            {
                key = await queue.TakeAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await ProcessAsync(key, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(string uid, CancellationToken ct)
    {
        try
        {
            if (await ReconcileAsync(uid, ct))
            {
                queue.Forget(uid);
            }
            else
            {
                queue.AddRateLimited(uid);
            }
        }
        catch (Exception e) when (e is StatusException or StorageException or JsonException)
        {
            logger.LogWarning(e, "garbage collector: {Object} failed, retrying", graph.Get(uid)?.ToString() ?? uid);
            queue.AddRateLimited(uid);
        }
    }

    private void Enqueue(IEnumerable<string> uids)
    {
        foreach (var uid in uids)
        {
            queue.Add(uid);
        }
    }

    /// <summary>Resources the collector watches, one per storage prefix (events.k8s.io Events share core Events' storage).</summary>
    private Dictionary<string, ResourceDefinition> CollectableResources()
    {
        var result = new Dictionary<string, ResourceDefinition>(StringComparer.Ordinal);
        foreach (var def in stores.Registry.All)
        {
            if (def.Verbs.Contains("list") && def.Verbs.Contains("watch") && def.Verbs.Contains("delete"))
            {
                result.TryAdd(def.StoragePrefix, def);
            }
        }
        return result;
    }
}
