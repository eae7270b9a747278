using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Queues;
using Dotkube.Client.Reconciling;
using Dotkube.Machinery.Quantities;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.VolumeExpand;

/// <summary>
/// kube-controller-manager's "persistentvolume-expander" (service account expand-controller, events
/// from volume_expand). Since CSI migration it expands nothing itself: for a Bound claim asking for
/// more than its capacity, whose volume no in-tree plugin can expand — every volume dotkube has, the
/// local-path hostPath ones included, as hostPath on k3s and kind — it records ExternalExpanding
/// "waiting for an external controller to expand this PVC" and leaves the work to an external
/// resizer (dotkube's local-path provisioner is one for its own volumes).
/// </summary>
public sealed class ExpandController : IController
{
    public const string EventComponent = "volume_expand";
    public const string ExternalExpandingMessage = "waiting for an external controller to expand this PVC";

    public string Name => "persistentvolume-expander";

    public string ServiceAccount => "expand-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var claimInformer = context.Informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.persistentvolume-expander");
        await using var events = new EventRecorder(context.Client, EventComponent, timeProvider: context.Clock, logger: logger);
        var reconciler = new Reconciler(claimInformer.Cache, context.Client, events, logger);
        using var runner = new ReconcileRunner("volume_expand", reconciler, new ReconcileRunnerOptions(), logger, context.Clock);

        // As upstream: a claim is looked at when added, and when its request or its capacity grows.
        void Enqueue(V1PersistentVolumeClaim c)
        {
            if (c.Status?.Phase == "Bound")
            {
                runner.Enqueue(c.Metadata.NamespaceProperty, c.Metadata.Name);
            }
        }

        using var handler = claimInformer.AddHandler(
            (c, _) => Enqueue(c),
            (old, c) =>
            {
                if (Grew(ClaimResize.Requested(old), ClaimResize.Requested(c)) || Grew(ClaimResize.Capacity(old), ClaimResize.Capacity(c)))
                {
                    Enqueue(c);
                }
            },
            (c, _) => Enqueue(c));
        await claimInformer.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }

    private static bool Grew(Quantity? old, Quantity? now) => (now ?? Quantity.Zero) > (old ?? Quantity.Zero);

    private sealed class Reconciler(IObjectCache<V1PersistentVolumeClaim> claims, KubeApiClient client, EventRecorder events, ILogger logger) : IReconciler
    {
        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            if (claims.Get(key.Namespace, key.Name) is not { } claim || !ClaimResize.WantsMore(claim) || string.IsNullOrEmpty(claim.Spec?.VolumeName))
            {
                return ReconcileResult.Done;
            }

            // Upstream reads the volume from the server, not a cache.
            var volume = await client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes).TryGetAsync(null, claim.Spec.VolumeName, cancellationToken)
                ?? throw new InvalidOperationException($"failed to get PV \"{claim.Spec.VolumeName}\": not found");
            if (!ClaimResize.BoundTogether(claim, volume))
            {
                throw new InvalidOperationException($"persistent Volume is not bound to PVC being updated : {key}");
            }

            events.Event(claim, "Normal", "ExternalExpanding", ExternalExpandingMessage, ResourceType.PersistentVolumeClaims);
            logger.LogInformation("Waiting for an external controller to expand the PVC {Key}", key);
            return ReconcileResult.Done;
        }
    }
}
