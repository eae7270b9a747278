using Dotkube.Controllers.Common;
using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// The PV controller's writes: both halves of a binding (the volume's claimRef and phase, then the
/// claim's volumeName, annotations and status), phases with lastPhaseTransitionTime, and events.
/// Updates carry the resourceVersion read, so a stale cache ends in a conflict and a retry.
/// </summary>
internal sealed class BindingWriter(KubeApiClient client, EventRecorder events, TimeProvider clock)
{
    private ResourceClient<V1PersistentVolume> Volumes => client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes);

    private ResourceClient<V1PersistentVolumeClaim> Claims => client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);

    public EventRecorder Events => events;

    public async Task BindAsync(V1PersistentVolume volume, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        volume = await BindVolumeToClaimAsync(volume, claim, ct);
        volume = await SetVolumePhaseAsync(volume, "Bound", null, ct);
        claim = await BindClaimToVolumeAsync(claim, volume, ct);
        await SetClaimBoundAsync(claim, volume, ct);
    }

    private async Task<V1PersistentVolume> BindVolumeToClaimAsync(V1PersistentVolume volume, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        var r = volume.Spec?.ClaimRef;
        if (r is not null && r.Name == claim.Metadata.Name && r.NamespaceProperty == claim.Metadata.NamespaceProperty && r.Uid == claim.Metadata.Uid)
        {
            return volume;
        }

        var copy = ObjectCopy.Of(volume);
        copy.Spec.ClaimRef = new V1ObjectReference
        {
            Kind = "PersistentVolumeClaim",
            ApiVersion = "v1",
            NamespaceProperty = claim.Metadata.NamespaceProperty,
            Name = claim.Metadata.Name,
            Uid = claim.Metadata.Uid,
            ResourceVersion = claim.Metadata.ResourceVersion,
        };
        if (r is null)
        {
            // A user's pre-binding keeps its meaning; only a binding the controller chose is marked as its own.
            copy.Metadata.Annotations ??= new Dictionary<string, string>();
            copy.Metadata.Annotations[VolumeAnnotations.BoundByController] = VolumeAnnotations.Yes;
        }

        return await Volumes.UpdateAsync(copy, cancellationToken: ct);
    }

    private async Task<V1PersistentVolumeClaim> BindClaimToVolumeAsync(V1PersistentVolumeClaim claim, V1PersistentVolume volume, CancellationToken ct)
    {
        var annotations = claim.Metadata.Annotations;
        var volumeNameSet = claim.Spec?.VolumeName == volume.Metadata.Name;
        if (volumeNameSet && annotations?.ContainsKey(VolumeAnnotations.BindCompleted) == true)
        {
            return claim;
        }

        var copy = ObjectCopy.Of(claim);
        copy.Metadata.Annotations ??= new Dictionary<string, string>();
        if (!volumeNameSet)
        {
            copy.Spec.VolumeName = volume.Metadata.Name;
            copy.Metadata.Annotations[VolumeAnnotations.BoundByController] = VolumeAnnotations.Yes;
        }

        copy.Metadata.Annotations[VolumeAnnotations.BindCompleted] = VolumeAnnotations.Yes;
        return await Claims.UpdateAsync(copy, cancellationToken: ct);
    }

    private async Task SetClaimBoundAsync(V1PersistentVolumeClaim claim, V1PersistentVolume volume, CancellationToken ct)
    {
        var status = claim.Status;
        var capacity = volume.Spec?.Capacity;
        var sameModes = (status?.AccessModes ?? []).SequenceEqual(volume.Spec?.AccessModes ?? []);
        var becomingBound = status?.Phase != "Bound";
        if (!becomingBound && sameModes)
        {
            return;
        }

        var copy = ObjectCopy.Of(claim);
        copy.Status ??= new V1PersistentVolumeClaimStatus();
        copy.Status.Phase = "Bound";
        copy.Status.AccessModes = volume.Spec?.AccessModes?.ToList();
        if (becomingBound)
        {
            // Capacity is set when the claim becomes Bound, not later, as upstream: a volume grown by
            // expansion is larger than its claim's capacity until the node has finished the resize.
            copy.Status.Capacity = capacity is null ? null : new Dictionary<string, ResourceQuantity>(capacity);
        }

        await Claims.UpdateStatusAsync(copy, cancellationToken: ct);
    }

    public async Task SetClaimPhaseAsync(V1PersistentVolumeClaim claim, string phase, CancellationToken ct)
    {
        if (claim.Status?.Phase == phase)
        {
            return;
        }

        var copy = ObjectCopy.Of(claim);
        copy.Status ??= new V1PersistentVolumeClaimStatus();
        copy.Status.Phase = phase;
        if (phase is "Pending" or "Lost")
        {
            copy.Status.Capacity = null;
            copy.Status.AccessModes = null;
        }

        await Claims.UpdateStatusAsync(copy, cancellationToken: ct);
    }

    public async Task<V1PersistentVolume> SetVolumePhaseAsync(V1PersistentVolume volume, string phase, string? message, CancellationToken ct)
    {
        if (volume.Status?.Phase == phase && (volume.Status?.Message ?? "") == (message ?? ""))
        {
            return volume;
        }

        var copy = ObjectCopy.Of(volume);
        copy.Status ??= new V1PersistentVolumeStatus();
        if (copy.Status.Phase != phase)
        {
            copy.Status.LastPhaseTransitionTime = MetaTime.From(clock.GetUtcNow());
        }

        copy.Status.Phase = phase;
        copy.Status.Message = message;
        copy.Status.Reason = null;
        return await Volumes.UpdateStatusAsync(copy, cancellationToken: ct);
    }

    /// <summary>
    /// Drops a binding the controller made (claimRef and its annotation); a user's pre-binding keeps
    /// its name but loses the uid, so it binds again when its claim is free. Then Available.
    /// </summary>
    public async Task UnbindVolumeAsync(V1PersistentVolume volume, CancellationToken ct)
    {
        var copy = ObjectCopy.Of(volume);
        if (copy.Metadata.Annotations?.Remove(VolumeAnnotations.BoundByController) == true)
        {
            copy.Spec.ClaimRef = null;
        }
        else if (copy.Spec.ClaimRef is not null)
        {
            copy.Spec.ClaimRef.Uid = null;
        }

        var updated = await Volumes.UpdateAsync(copy, cancellationToken: ct);
        await SetVolumePhaseAsync(updated, "Available", null, ct);
    }

    public Task<V1PersistentVolumeClaim> UpdateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken ct) => Claims.UpdateAsync(claim, cancellationToken: ct);

    public Task<V1PersistentVolumeClaim?> GetClaimAsync(string ns, string name, CancellationToken ct) => Claims.TryGetAsync(ns, name, ct);
}
