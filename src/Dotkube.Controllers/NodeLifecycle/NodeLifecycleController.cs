using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's "nodelifecycle" controller: node health from Lease renewals and
/// NodeStatus, the condition taints, pods marked not Ready on a lost node, and (upstream's pod GC
/// part for it) pods on out-of-service nodes force-deleted.
/// </summary>
public sealed class NodeLifecycleController(NodeLifecycleOptions? options = null) : IController
{
    public string Name => "nodelifecycle";

    public string ServiceAccount => "node-controller";

    public NodeLifecycleOptions Options { get; } = options ?? new NodeLifecycleOptions();

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var nodeInformer = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var leaseInformer = context.Informers.Get<V1Lease>(ResourceType.Leases, NodeLifecycleReconciler.LeaseNamespace);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.nodelifecycle");
        await using var events = new EventRecorder(context.Client, "node-controller", timeProvider: context.Clock, logger: logger);
        var health = new NodeHealthTracker(Options);
        var zones = new ZoneDisruption(Options);
        var reconciler = new NodeLifecycleReconciler(context.Client, nodeInformer.Cache, leaseInformer.Cache, podInformer.Cache,
            health, zones, Options, events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 2 }, logger, context.Clock);
        var cleaner = new OutOfServicePodCleaner(context.Client, nodeInformer.Cache, podInformer.Cache, logger);
        using var cleanerRunner = new ReconcileRunner("out-of-service-pod-cleaner", cleaner, new ReconcileRunnerOptions { Workers = 1 }, logger, context.Clock);
        using var nodeHandler = nodeInformer.AddHandler(EnqueueHandlers.ForObject<V1Node>(runner.Queue));
        using var nodeCleanup = nodeInformer.AddHandler(EnqueueHandlers.ForObject<V1Node>(cleanerRunner.Queue));
        using var leaseHandler = leaseInformer.AddHandler(EnqueueHandlers.ForMapped<V1Lease>(runner.Queue, l => new ObjectKey("", l.Metadata.Name)));
        using var podHandler = podInformer.AddHandler(EnqueueHandlers.ForMapped<V1Pod>(cleanerRunner.Queue,
            p => p.Metadata.DeletionTimestamp is not null && p.Spec?.NodeName is { Length: > 0 } n ? new ObjectKey("", n) : null));
        await Task.WhenAll(nodeInformer.WaitForSyncAsync(cancellationToken), leaseInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(runner.RunAsync(cancellationToken), cleanerRunner.RunAsync(cancellationToken),
            MonitorZonesAsync(nodeInformer.Cache, zones, health, runner.Queue, context.Clock, logger, cancellationToken));
    }

    /// <summary>
    /// The zone pass of upstream's monitorNodeHealth, each monitor period: zone states and their
    /// tainting rates; when the cluster enters or leaves full disruption, or a zone's state
    /// changes, every node is looked at again under the new rules.
    /// </summary>
    private async Task MonitorZonesAsync(Dotkube.Client.Cache.IObjectCache<V1Node> nodes, ZoneDisruption zones, NodeHealthTracker health,
        Dotkube.Client.Queues.WorkQueue<ObjectKey> queue, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Options.MonitorPeriod, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var all = nodes.List();
                var now = clock.GetUtcNow();
                var change = zones.Update(all, now);
                if (change == ZoneDisruption.Change.None)
                {
                    continue;
                }
                if (change == ZoneDisruption.Change.EnteredFullDisruption)
                {
                    logger.LogWarning("every node is not Ready: entering master disruption mode (no NoExecute taints, no evictions)");
                }
                else if (change == ZoneDisruption.Change.ExitedFullDisruption)
                {
                    logger.LogWarning("some nodes are Ready again: exiting master disruption mode");
                    health.ResetAll(now);
                }
                foreach (var node in all)
                {
                    queue.Add(new ObjectKey("", node.Metadata.Name));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
