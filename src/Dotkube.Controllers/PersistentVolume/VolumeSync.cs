using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// The PV controller's decision for one volume (upstream's syncVolume, in its own words): its phase
/// follows its claimRef and the claim it names; a volume whose claim is gone is Released and then
/// reclaimed by policy — Retain keeps it, Delete leaves it to the provisioner that made it (a static
/// hostPath volume goes to the hostPath deleter; any other volume nobody provisioned cannot be
/// deleted and fails), Recycle goes to the hostPath recycler (other volume types fail: no recycler).
/// </summary>
public static class VolumeSync
{
    public const string RecycleFailedMessage = "No recycler plugin found for the volume!";

    /// <param name="claim">the claim the volume's claimRef names (by namespace and name), if it exists.</param>
    public static VolumeAction Decide(V1PersistentVolume volume, V1PersistentVolumeClaim? claim)
    {
        var phase = volume.Status?.Phase;
        var claimRef = volume.Spec?.ClaimRef;
        if (claimRef is null || string.IsNullOrEmpty(claimRef.Uid))
        {
            // Unclaimed, or pre-bound by a user and waiting for the claim's sync.
            return phase == "Available" ? VolumeAction.None : new VolumeAction(VolumeActionKind.Available);
        }

        if (claim is not null && claim.Metadata?.Uid != claimRef.Uid)
        {
            // A new claim with the old one's name is a different claim.
            claim = null;
        }

        if (claim is null)
        {
            return phase is "Released" or "Failed" ? Reclaim(volume) : new VolumeAction(VolumeActionKind.Release);
        }

        if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            // Binding in progress (the claim's sync finishes it) or a user's pre-binding waiting for its claim.
            return VolumeAction.None;
        }

        if (claim.Spec.VolumeName == volume.Metadata?.Name)
        {
            return phase == "Bound" ? VolumeAction.None : new VolumeAction(VolumeActionKind.Bound);
        }

        // The claim is bound to another volume.
        if (volume.Metadata?.Annotations?.ContainsKey(VolumeAnnotations.ProvisionedBy) == true && ReclaimPolicy(volume) == "Delete")
        {
            // Provisioned for this claim, which went elsewhere: not needed any more.
            return phase is "Released" or "Failed" ? Reclaim(volume) : new VolumeAction(VolumeActionKind.Release);
        }

        return new VolumeAction(VolumeActionKind.Unbind);
    }

    /// <summary>
    /// The reclaim policy's outcome for a Released volume — and for a Failed one, which upstream's
    /// syncVolume reclaims again on every sync (so each resync retries a failed recycle or delete).
    /// </summary>
    public static VolumeAction Reclaim(V1PersistentVolume volume)
    {
        switch (ReclaimPolicy(volume))
        {
            case "Recycle":
                return volume.Spec?.HostPath is not null
                    ? new VolumeAction(VolumeActionKind.Recycle)
                    : new VolumeAction(VolumeActionKind.Fail) { EventReason = "VolumeFailedRecycle", Message = RecycleFailedMessage };
            case "Delete":
                if (volume.Metadata?.Annotations?.ContainsKey(VolumeAnnotations.ProvisionedBy) == true)
                {
                    // Its (external) provisioner deletes it.
                    return VolumeAction.None;
                }

                if (volume.Spec?.HostPath is not null)
                {
                    return new VolumeAction(VolumeActionKind.DeleteHostPath);
                }

                return new VolumeAction(VolumeActionKind.Fail)
                {
                    EventReason = "VolumeFailedDelete",
                    Message = $"error getting deleter volume plugin for volume \"{volume.Metadata?.Name}\": no deletable volume plugin matched",
                };
            default:
                return VolumeAction.None;
        }
    }

    public static string ReclaimPolicy(V1PersistentVolume volume) => volume.Spec?.PersistentVolumeReclaimPolicy ?? "Retain";
}
