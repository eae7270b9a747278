using Dotkube.Client;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.VolumeProtection;

/// <summary>
/// kube-controller-manager's "pvc-protection": every live claim carries the
/// kubernetes.io/pvc-protection finalizer (added here when the admission plugin did not), and a
/// deleted claim keeps it until no pod that is not finished uses the claim.
/// </summary>
public sealed class PvcProtectionController : IController
{
    public string Name => "pvc-protection";

    public string ServiceAccount => "pvc-protection-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var claimInformer = context.Informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.pvc-protection");
        var reconciler = new PvcProtectionReconciler(context.Client, claimInformer.Cache, podInformer.Cache, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions(), logger, context.Clock);
        using var claimHandler = claimInformer.AddHandler(EnqueueHandlers.ForObject<V1PersistentVolumeClaim>(runner.Queue));

        // A pod that stops using claims (deleted or finished) may free a claim being deleted.
        void PodChanged(V1Pod pod)
        {
            foreach (var volume in pod.Spec?.Volumes ?? [])
            {
                var claim = volume.PersistentVolumeClaim?.ClaimName ?? (volume.Ephemeral is not null ? $"{pod.Metadata.Name}-{volume.Name}" : null);
                if (claim is not null)
                {
                    runner.Enqueue(pod.Metadata.NamespaceProperty, claim);
                }
            }
        }

        using var podHandler = podInformer.AddHandler(null, (_, p) => PodChanged(p), (p, _) => PodChanged(p));
        await Task.WhenAll(claimInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
