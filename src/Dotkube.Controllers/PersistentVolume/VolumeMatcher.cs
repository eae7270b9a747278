using Dotkube.Controllers.Common;
using Dotkube.Machinery.Quantities;
using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// Which volume a claim gets, as the PV controller chooses: a volume pre-bound to the claim
/// (claimRef) wins; otherwise an Available, unclaimed volume of the claim's class and volume mode
/// whose labels match the claim's selector and whose capacity is at least the request. Among those,
/// volumes offering the fewest access modes (that still include all the claim asks for) come first,
/// and within them the smallest capacity. Claims of a WaitForFirstConsumer class are left to the
/// scheduler unless a volume is pre-bound to them.
/// </summary>
public static class VolumeMatcher
{
    public static V1PersistentVolume? FindBestMatch(V1PersistentVolumeClaim claim, IEnumerable<V1PersistentVolume> volumes, bool delayBinding)
    {
        var wanted = claim.Spec?.AccessModes ?? [];
        var requested = RequestedStorage(claim);
        var selector = claim.Spec?.Selector is { } s ? Selectors.From(s) : null;
        var className = StorageClasses.ClassOf(claim);

        V1PersistentVolume? best = null;
        foreach (var volume in volumes)
        {
            var modes = volume.Spec?.AccessModes ?? [];
            if (wanted.Any(m => !modes.Contains(m)) || volume.Metadata?.DeletionTimestamp is not null)
            {
                continue;
            }

            if (VolumeModeOf(volume) != VolumeModeOf(claim) || Capacity(volume).CompareTo(requested) < 0)
            {
                continue;
            }

            if (IsBoundToClaim(volume, claim))
            {
                return volume;
            }

            if (delayBinding)
            {
                // The scheduler binds these, on the node it picks.
                continue;
            }

            if (volume.Spec?.ClaimRef is not null || volume.Status?.Phase != "Available")
            {
                continue;
            }

            if (selector is not null && !Selectors.Matches(selector, volume.Metadata ?? new V1ObjectMeta()))
            {
                continue;
            }

            if (StorageClasses.ClassOf(volume) != className)
            {
                continue;
            }

            if (best is null || IsBetter(volume, best))
            {
                best = volume;
            }
        }

        return best;
    }

    /// <summary>
    /// Why the volume a claim names in spec.volumeName cannot serve it, or null if it can (the
    /// reason text is upstream's, used in the VolumeMismatch event).
    /// </summary>
    public static string? CheckVolumeSatisfiesClaim(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        if (Capacity(volume).CompareTo(RequestedStorage(claim)) < 0)
        {
            return "requested PV is too small";
        }

        if (StorageClasses.ClassOf(volume) != StorageClasses.ClassOf(claim))
        {
            return "storageClassName does not match";
        }

        if (VolumeModeOf(volume) != VolumeModeOf(claim))
        {
            return "incompatible volumeMode";
        }

        var modes = volume.Spec?.AccessModes ?? [];
        if ((claim.Spec?.AccessModes ?? []).Any(m => !modes.Contains(m)))
        {
            return "incompatible accessMode";
        }

        return null;
    }

    /// <summary>Whether the volume's claimRef names this claim (a claimRef without uid is a user's pre-binding by name).</summary>
    public static bool IsBoundToClaim(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        var r = volume.Spec?.ClaimRef;
        return r is not null
            && r.Name == claim.Metadata?.Name
            && (r.NamespaceProperty ?? "") == (claim.Metadata?.NamespaceProperty ?? "")
            && (string.IsNullOrEmpty(r.Uid) || r.Uid == claim.Metadata?.Uid);
    }

    public static Quantity RequestedStorage(V1PersistentVolumeClaim claim) =>
        claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var q) == true ? Parse(q) : Quantity.Zero;

    public static Quantity Capacity(V1PersistentVolume volume) =>
        volume.Spec?.Capacity?.TryGetValue("storage", out var q) == true ? Parse(q) : Quantity.Zero;

    private static string VolumeModeOf(V1PersistentVolume volume) => volume.Spec?.VolumeMode ?? "Filesystem";

    private static string VolumeModeOf(V1PersistentVolumeClaim claim) => claim.Spec?.VolumeMode ?? "Filesystem";

    private static bool IsBetter(V1PersistentVolume candidate, V1PersistentVolume best)
    {
        var byModes = (candidate.Spec?.AccessModes?.Distinct().Count() ?? 0).CompareTo(best.Spec?.AccessModes?.Distinct().Count() ?? 0);
        return byModes != 0 ? byModes < 0 : Capacity(candidate).CompareTo(Capacity(best)) < 0;
    }

    private static Quantity Parse(ResourceQuantity q) => Quantity.TryParse(q.ToString() ?? "", out var parsed) ? parsed : Quantity.Zero;
}
