using Dotkube.Controllers.Common;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>Carries out <see cref="ClaimSync"/>'s decision for one claim key.</summary>
internal sealed class ClaimReconciler(
    IObjectCache<V1PersistentVolumeClaim> claims,
    ClaimWorld world,
    BindingWriter writer,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (claims.Get(key.Namespace, key.Name) is not { } claim)
        {
            return ReconcileResult.Done;
        }

        var action = ClaimSync.Decide(claim, world);
        if (action.Event is { } e)
        {
            writer.Events.Event(claim, e.Type, e.Reason, e.Message, ResourceType.PersistentVolumeClaims);
        }

        switch (action.Kind)
        {
            case ClaimActionKind.AssignDefaultClass:
                var withClass = ObjectCopy.Of(claim);
                withClass.Spec.StorageClassName = action.Name;
                await writer.UpdateClaimAsync(withClass, cancellationToken);
                logger.LogInformation("assigned the default storage class {Class} to claim {Namespace}/{Name}", action.Name, key.Namespace, key.Name);
                break;
            case ClaimActionKind.Bind:
                await writer.BindAsync(action.Volume!, claim, cancellationToken);
                break;
            case ClaimActionKind.Provision:
                var updated = await AnnotateProvisionerAsync(claim, action.Name!, cancellationToken);
                await writer.SetClaimPhaseAsync(updated, "Pending", cancellationToken);
                break;
            case ClaimActionKind.Pending:
                await writer.SetClaimPhaseAsync(claim, "Pending", cancellationToken);
                break;
            case ClaimActionKind.Lost:
                await writer.SetClaimPhaseAsync(claim, "Lost", cancellationToken);
                break;
        }

        return ReconcileResult.Done;
    }

    private async Task<V1PersistentVolumeClaim> AnnotateProvisionerAsync(V1PersistentVolumeClaim claim, string provisioner, CancellationToken ct)
    {
        var a = claim.Metadata.Annotations;
        if (a is not null && a.TryGetValue(VolumeAnnotations.StorageProvisioner, out var p) && p == provisioner
            && a.TryGetValue(VolumeAnnotations.BetaStorageProvisioner, out var beta) && beta == provisioner)
        {
            return claim;
        }

        var copy = ObjectCopy.Of(claim);
        copy.Metadata.Annotations ??= new Dictionary<string, string>();
        copy.Metadata.Annotations[VolumeAnnotations.StorageProvisioner] = provisioner;
        copy.Metadata.Annotations[VolumeAnnotations.BetaStorageProvisioner] = provisioner;
        return await writer.UpdateClaimAsync(copy, ct);
    }
}
