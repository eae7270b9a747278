using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>Carries out <see cref="VolumeSync"/>'s decision for one volume key.</summary>
internal sealed class VolumeReconciler(
    IObjectCache<V1PersistentVolume> volumes,
    IObjectCache<V1PersistentVolumeClaim> claims,
    BindingWriter writer,
    HostPathRecycler recycler,
    HostPathDeleter deleter) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (volumes.Get(key.Name) is not { } volume)
        {
            return ReconcileResult.Done;
        }

        var claimRef = volume.Spec?.ClaimRef;
        var claim = claimRef is null ? null : claims.Get(claimRef.NamespaceProperty ?? "", claimRef.Name ?? "");
        var action = VolumeSync.Decide(volume, claim);
        if (action.Kind == VolumeActionKind.Release && claimRef is not null)
        {
            // The cache may lag behind a claim just created: ask the server before releasing.
            var live = await writer.GetClaimAsync(claimRef.NamespaceProperty ?? "", claimRef.Name ?? "", cancellationToken);
            if (live is not null && live.Metadata.Uid == claimRef.Uid)
            {
                return ReconcileResult.After(TimeSpan.FromSeconds(1));
            }
        }

        switch (action.Kind)
        {
            case VolumeActionKind.Available:
                await writer.SetVolumePhaseAsync(volume, "Available", null, cancellationToken);
                break;
            case VolumeActionKind.Bound:
                await writer.SetVolumePhaseAsync(volume, "Bound", null, cancellationToken);
                break;
            case VolumeActionKind.Release:
                var released = await writer.SetVolumePhaseAsync(volume, "Released", null, cancellationToken);
                await ApplyAsync(released, VolumeSync.Reclaim(released), cancellationToken);
                break;
            case VolumeActionKind.Unbind:
                await writer.UnbindVolumeAsync(volume, cancellationToken);
                break;
            default:
                await ApplyAsync(volume, action, cancellationToken);
                break;
        }

        return ReconcileResult.Done;
    }

    private async Task ApplyAsync(V1PersistentVolume volume, VolumeAction action, CancellationToken ct)
    {
        switch (action.Kind)
        {
            case VolumeActionKind.Fail:
                writer.Events.Event(volume, "Warning", action.EventReason!, action.Message!, ResourceType.PersistentVolumes);
                await writer.SetVolumePhaseAsync(volume, "Failed", action.Message, ct);
                break;
            case VolumeActionKind.Recycle:
                await recycler.StepAsync(volume, ct);
                break;
            case VolumeActionKind.DeleteHostPath:
                await deleter.DeleteAsync(volume, ct);
                break;
        }
    }
}
