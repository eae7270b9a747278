using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.ReplicaSet;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ReplicationController;

/// <summary>
/// kube-controller-manager's "replicationcontroller" controller: the ReplicaSet controller run
/// over ReplicationControllers through <see cref="ReplicationControllerAdapter"/>, as upstream does.
/// </summary>
public sealed class ReplicationControllerController : IController
{
    public string Name => "replicationcontroller";

    public string ServiceAccount => "replication-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Ask for the informers before the first await: the manager starts them right after.
        var rcInformer = context.Informers.Get<V1ReplicationController>(ResourceType.ReplicationControllers);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.replicationcontroller");
        var expectations = new ControllerExpectations(context.Clock);
        await using var events = new EventRecorder(context.Client, "replication-controller", timeProvider: context.Clock, logger: logger);
        var adapter = new ReplicationControllerAdapter(context.Client, rcInformer.Cache);
        var reconciler = new ReplicaSetReconciler(context.Client, adapter, podInformer.Cache, expectations, events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        var pods = new PodEventRouter(adapter, expectations, runner.Enqueue);
        using var rcHandler = rcInformer.AddHandler(EnqueueHandlers.ForObject<V1ReplicationController>(runner.Queue));
        using var podHandler = podInformer.AddHandler(pods.Added, pods.Updated, pods.Deleted);
        await Task.WhenAll(rcInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
