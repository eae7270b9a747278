using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.LocalPath;

/// <summary>
/// dotkube's built-in dynamic provisioner for local volumes (provisioner rancher.io/local-path), an
/// external provisioner as far as the PV controller knows: it installs the local-path class, makes a
/// volume on the selected node for each claim the PV controller hands it, and deletes its volumes
/// once they are Released under the Delete policy, and expands them as an external resizer would
/// (<see cref="LocalPathResizer"/>) when their claims ask for more. On simulated nodes a volume is only an object;
/// on other nodes its hostPath directory (type DirectoryOrCreate) is made when a pod mounts it.
/// </summary>
public sealed class LocalPathProvisioner(LocalPathOptions options) : IController
{
    public string Name => "local-path-provisioner";

    public string ServiceAccount => "local-path-provisioner";

    public LocalPathOptions Options => options;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var claimInformer = context.Informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        var volumeInformer = context.Informers.Get<V1PersistentVolume>(ResourceType.PersistentVolumes);
        var classInformer = context.Informers.Get<V1StorageClass>();
        var nodeInformer = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.local-path-provisioner");
        await InstallClassAsync(context.Client, logger, cancellationToken);

        await using var events = new EventRecorder(context.Client, LocalPathOptions.Provisioner, timeProvider: context.Clock, logger: logger);
        var reconciler = new LocalPathReconciler(context.Client, claimInformer.Cache, volumeInformer.Cache, classInformer.Cache, nodeInformer.Cache, events, options, logger);
        using var claimRunner = new ReconcileRunner("local-path-claims", reconciler.Claims, new ReconcileRunnerOptions(), logger, context.Clock);
        using var volumeRunner = new ReconcileRunner("local-path-volumes", reconciler.Volumes, new ReconcileRunnerOptions(), logger, context.Clock);
        await using var resizeEvents = new EventRecorder(context.Client, LocalPathResizer.EventComponent, timeProvider: context.Clock, logger: logger);
        using var resizeRunner = new ReconcileRunner("local-path-resizer",
            new LocalPathResizer(context.Client, claimInformer.Cache, volumeInformer.Cache, resizeEvents, context.Clock), new ReconcileRunnerOptions(), logger, context.Clock);
        using var claimHandler = claimInformer.AddHandler(EnqueueHandlers.ForObject<V1PersistentVolumeClaim>(claimRunner.Queue));
        using var resizeHandler = claimInformer.AddHandler(EnqueueHandlers.ForObject<V1PersistentVolumeClaim>(resizeRunner.Queue));
        using var volumeHandler = volumeInformer.AddHandler(EnqueueHandlers.ForObject<V1PersistentVolume>(volumeRunner.Queue));
        await Task.WhenAll(
            claimInformer.WaitForSyncAsync(cancellationToken),
            volumeInformer.WaitForSyncAsync(cancellationToken),
            classInformer.WaitForSyncAsync(cancellationToken),
            nodeInformer.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(claimRunner.RunAsync(cancellationToken), volumeRunner.RunAsync(cancellationToken), resizeRunner.RunAsync(cancellationToken));
    }

    /// <summary>Creates the local-path class unless it exists (an existing one, changed or not, is the user's).</summary>
    private async Task InstallClassAsync(KubeApiClient client, ILogger logger, CancellationToken ct)
    {
        var classes = client.Resource<V1StorageClass>();
        try
        {
            await classes.CreateAsync(LocalPathVolumes.StorageClass(options.DefaultClass), cancellationToken: ct);
            logger.LogInformation("installed the {Class} storage class (default: {Default})", LocalPathOptions.ClassName, options.DefaultClass);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            // Installed before (perhaps changed since): left as it is.
        }
    }
}
