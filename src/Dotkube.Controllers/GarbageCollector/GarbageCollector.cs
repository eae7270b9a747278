using System.Threading.Channels;
using Dotkube.Client;
using Dotkube.Client.Discovery;
using Dotkube.Client.Events;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.GarbageCollector;

/// <summary>
/// kube-controller-manager's "garbagecollector": deletes objects whose owners
/// (metadata.ownerReferences) are all gone, and finishes deletions that wait on dependents —
/// "orphan" (dependents lose their reference to the owner) and "foregroundDeletion" (dependents
/// go first; those with blockOwnerDeletion hold the owner until they are gone).
/// </summary>
/// <remarks>
/// One metadata-only informer per resource that supports delete, list and watch (found by
/// discovery, read again every resync period and whenever a CustomResourceDefinition or
/// APIService changes) feeds an owner graph; a bounded, de-duplicating queue of object uids is
/// worked by a pool of workers, which decide on live reads (an owner is absent only once a GET
/// says so) and write with the collector's own identity.
/// </remarks>
public sealed partial class GarbageCollector : IController
{
    /// <summary>Never watched, as upstream's default --gc-ignored-resources: events (core and events.k8s.io).</summary>
    private static readonly HashSet<string> Ignored = ["events.", "events.events.k8s.io"];

    private readonly GarbageCollectorOptions options;
    private readonly GarbageCollectorGraph graph;
    private readonly GarbageCollectorQueue queue;
    private readonly Dictionary<string, Monitor> monitors = new(StringComparer.Ordinal);
    private readonly Channel<bool> rediscover = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private KubeApiClient client = null!;
    private ILogger logger = null!;
    private EventRecorder? events;
    private volatile DiscoveryResult discovery = new([], new Dictionary<string, string>());

    public GarbageCollector(GarbageCollectorOptions? options = null)
    {
        this.options = options ?? new GarbageCollectorOptions();
        graph = new GarbageCollectorGraph(ReportInvalidNamespaceOwnerRef);
        queue = new GarbageCollectorQueue(this.options.QueueCapacity, this.options.RetryBaseDelay, this.options.RetryMaxDelay);
    }

    public string Name => "garbagecollector";

    public string ServiceAccount => "generic-garbage-collector";

    /// <summary>The owner graph as the informers have built it.</summary>
    public GarbageCollectorGraph Graph => graph;

    /// <summary>
    /// Watches every collectable resource, then works the queue until cancelled. Nothing is
    /// decided before each resource has been listed once, as upstream waits for its caches: an
    /// owner orphaned before its dependents are known would leave them behind.
    /// </summary>
    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        client = context.Client;
        logger = context.LoggerFactory.CreateLogger("dotkube.controller.garbagecollector");
        await using var recorder = new EventRecorder(client, "garbage-collector-controller", timeProvider: context.Clock, logger: logger);
        events = recorder;
        using var life = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = life.Token;
        var workers = new List<Task>();
        var triggers = WatchApiChanges(context);
        try
        {
            await SyncMonitorsAsync(context, token);
            for (var i = 0; i < options.Workers; i++)
            {
                workers.Add(Task.Run(() => WorkerAsync(token), CancellationToken.None));
            }
            logger.LogInformation("garbage collector started: {Resources} resources, {Objects} objects", monitors.Count, graph.Count);
            while (!token.IsCancellationRequested)
            {
                await WaitForResyncAsync(token);
                await SyncMonitorsAsync(context, token);
                if (queue.Overflowed())
                {
                    logger.LogWarning("garbage collector: work queue was full; dropped keys are queued again by this resync");
                }
                Enqueue(graph.NeedingAttention());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var t in triggers)
            {
                t.Dispose();
            }
            await life.CancelAsync();
            queue.Stop();
            await Task.WhenAll(workers);
            foreach (var m in monitors.Values)
            {
                await m.Informer.DisposeAsync();
            }
            monitors.Clear();
            events = null;
        }
    }

    private async Task WaitForResyncAsync(CancellationToken ct)
    {
        using var period = CancellationTokenSource.CreateLinkedTokenSource(ct);
        period.CancelAfter(options.ResyncPeriod);
        try
        {
            await rediscover.Reader.ReadAsync(period.Token);
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
        catch (Exception e) when (e is KubeApiException or TimeoutException or HttpRequestException or System.Text.Json.JsonException)
        {
            logger.LogWarning("garbage collector: {Object} failed, retrying: {Message}", graph.Get(uid)?.ToString() ?? uid, e.Message);
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

    private void ReportInvalidNamespaceOwnerRef(GarbageCollectorNode dependent, OwnerReference reference) =>
        events?.Event(
            new k8s.Models.V1ObjectReference
            {
                Kind = dependent.Resource.Kind,
                ApiVersion = dependent.Resource.ApiVersion,
                NamespaceProperty = dependent.Namespace.Length > 0 ? dependent.Namespace : null,
                Name = dependent.Name,
                Uid = dependent.Uid,
            },
            EventTypes.Warning,
            "OwnerRefInvalidNamespace",
            $"ownerRef {reference.Describe(dependent.Namespace)} does not exist in namespace \"{dependent.Namespace}\"");
}
