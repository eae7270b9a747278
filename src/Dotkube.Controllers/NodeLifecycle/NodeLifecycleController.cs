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
        var reconciler = new NodeLifecycleReconciler(context.Client, nodeInformer.Cache, leaseInformer.Cache, podInformer.Cache,
            new NodeHealthTracker(Options), Options, events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 2 }, logger, context.Clock);
        var cleaner = new OutOfServicePodCleaner(context.Client, nodeInformer.Cache, podInformer.Cache, logger);
        using var cleanerRunner = new ReconcileRunner("out-of-service-pod-cleaner", cleaner, new ReconcileRunnerOptions { Workers = 1 }, logger, context.Clock);
        using var nodeHandler = nodeInformer.AddHandler(EnqueueHandlers.ForObject<V1Node>(runner.Queue));
        using var nodeCleanup = nodeInformer.AddHandler(EnqueueHandlers.ForObject<V1Node>(cleanerRunner.Queue));
        using var leaseHandler = leaseInformer.AddHandler(EnqueueHandlers.ForMapped<V1Lease>(runner.Queue, l => new ObjectKey("", l.Metadata.Name)));
        using var podHandler = podInformer.AddHandler(EnqueueHandlers.ForMapped<V1Pod>(cleanerRunner.Queue,
            p => p.Metadata.DeletionTimestamp is not null && p.Spec?.NodeName is { Length: > 0 } n ? new ObjectKey("", n) : null));
        await Task.WhenAll(nodeInformer.WaitForSyncAsync(cancellationToken), leaseInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(runner.RunAsync(cancellationToken), cleanerRunner.RunAsync(cancellationToken));
    }
}
