using Dotkube.Client;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Events;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Deployment;

/// <summary>kube-controller-manager's "deployment" controller.</summary>
public sealed class DeploymentController : IController
{
    public string Name => "deployment";

    public string ServiceAccount => "deployment-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Ask for the informers before the first await: the manager starts them right after.
        var deployments = context.Informers.Get<V1Deployment>(ResourceType.Deployments);
        var replicaSets = context.Informers.Get<V1ReplicaSet>(ResourceType.ReplicaSets);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.deployment");
        await using var events = new EventRecorder(context.Client, "deployment-controller", timeProvider: context.Clock, logger: logger);
        var reconciler = new DeploymentReconciler(context.Client, deployments.Cache, replicaSets.Cache, events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        using var dHandler = deployments.AddHandler(EnqueueHandlers.ForObject<V1Deployment>(runner.Queue));
        using var rsHandler = replicaSets.AddHandler(EnqueueHandlers.ForMapped<V1ReplicaSet>(runner.Queue, rs =>
            OwnerRefs.ControllerOf(rs.Metadata) is { Kind: "Deployment" } owner ? new ObjectKey(rs.Metadata.NamespaceProperty ?? "", owner.Name) : null));
        await Task.WhenAll(deployments.WaitForSyncAsync(cancellationToken), replicaSets.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
