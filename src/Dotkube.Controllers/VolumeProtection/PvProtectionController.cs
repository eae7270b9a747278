using Dotkube.Controllers.Common;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.VolumeProtection;

/// <summary>
/// kube-controller-manager's "pv-protection": every live volume carries the
/// kubernetes.io/pv-protection finalizer, and a deleted volume keeps it while it is Bound.
/// </summary>
public sealed class PvProtectionController : IController
{
    public string Name => "pv-protection";

    public string ServiceAccount => "pv-protection-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var volumeInformer = context.Informers.Get<V1PersistentVolume>(ResourceType.PersistentVolumes);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.pv-protection");
        using var runner = new ReconcileRunner(Name, new Reconciler(context.Client, volumeInformer.Cache), new ReconcileRunnerOptions(), logger, context.Clock);
        using var handler = volumeInformer.AddHandler(EnqueueHandlers.ForObject<V1PersistentVolume>(runner.Queue));
        await volumeInformer.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }

    private sealed class Reconciler(KubeApiClient client, IObjectCache<V1PersistentVolume> volumes) : IReconciler
    {
        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            if (volumes.Get(key.Name) is not { } volume)
            {
                return ReconcileResult.Done;
            }

            var has = volume.Metadata.Finalizers?.Contains(VolumeAnnotations.PvProtectionFinalizer) == true;
            var deleting = volume.Metadata.DeletionTimestamp is not null;
            bool? add = !deleting && !has ? true : deleting && has && volume.Status?.Phase != "Bound" ? false : null;
            if (add is null)
            {
                return ReconcileResult.Done;
            }

            var copy = ObjectCopy.Of(volume);
            var finalizers = copy.Metadata.Finalizers?.ToList() ?? [];
            finalizers.RemoveAll(f => f == VolumeAnnotations.PvProtectionFinalizer);
            if (add.Value)
            {
                finalizers.Add(VolumeAnnotations.PvProtectionFinalizer);
            }

            copy.Metadata.Finalizers = finalizers;
            try
            {
                await client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes).UpdateAsync(copy, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Gone already.
            }

            return ReconcileResult.Done;
        }
    }
}
