using Dotkube.Client;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Events;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>kube-controller-manager's "replicaset" controller.</summary>
public sealed class ReplicaSetController : IController
{
    public string Name => "replicaset";

    public string ServiceAccount => "replicaset-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Ask for the informers before the first await: the manager starts them right after.
        var rsInformer = context.Informers.Get<V1ReplicaSet>(ResourceType.ReplicaSets);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.replicaset");
        var expectations = new ControllerExpectations(context.Clock);
        await using var events = new EventRecorder(context.Client, "replicaset-controller", timeProvider: context.Clock, logger: logger);
        var adapter = new ReplicaSetAdapter(context.Client, rsInformer.Cache);
        var reconciler = new ReplicaSetReconciler(context.Client, adapter, podInformer.Cache, expectations, events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        var pods = new PodEventRouter(adapter, expectations, runner.Enqueue);
        using var rsHandler = rsInformer.AddHandler(EnqueueHandlers.ForObject<V1ReplicaSet>(runner.Queue));
        using var podHandler = podInformer.AddHandler(pods.Added, pods.Updated, pods.Deleted);
        await Task.WhenAll(rsInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
