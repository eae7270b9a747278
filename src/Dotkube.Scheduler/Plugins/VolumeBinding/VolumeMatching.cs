using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.VolumeBinding;

/// <summary>Whether an available PV can satisfy an unbound claim, as the PV controller would match them.</summary>
internal static class VolumeMatching
{
    public static string ClassOf(V1PersistentVolumeClaim claim) => claim.Spec?.StorageClassName ?? "";

    public static long RequestedBytes(V1PersistentVolumeClaim claim) =>
        QuantityValues.Of(ResourceNames.Storage, claim.Spec?.Resources?.Requests?.TryGetValue(ResourceNames.Storage, out var q) == true ? q : null);

    public static long CapacityBytes(V1PersistentVolume volume) =>
        QuantityValues.Of(ResourceNames.Storage, volume.Spec?.Capacity?.TryGetValue(ResourceNames.Storage, out var q) == true ? q : null);

    public static bool IsPreboundTo(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        var r = volume.Spec?.ClaimRef;
        return r is not null && r.Name == claim.Name() && (r.NamespaceProperty ?? "") == (claim.Namespace() ?? "")
            && (string.IsNullOrEmpty(r.Uid) || r.Uid == claim.Uid());
    }

    public static bool Matches(V1PersistentVolume volume, V1PersistentVolumeClaim claim, V1Node node)
    {
        var spec = volume.Spec;
        if (spec is null || volume.Metadata?.DeletionTimestamp is not null)
        {
            return false;
        }

        if (spec.ClaimRef is not null && !IsPreboundTo(volume, claim))
        {
            return false;
        }

        if ((spec.StorageClassName ?? "") != ClassOf(claim))
        {
            return false;
        }

        if ((spec.VolumeMode ?? "Filesystem") != (claim.Spec?.VolumeMode ?? "Filesystem"))
        {
            return false;
        }

        var modes = spec.AccessModes ?? [];
        if (claim.Spec?.AccessModes is { } wanted && wanted.Any(m => !modes.Contains(m)))
        {
            return false;
        }

        if (CapacityBytes(volume) < RequestedBytes(claim))
        {
            return false;
        }

        if (claim.Spec?.Selector is { } selector && !LabelMatcher.From(selector).Matches(volume.Metadata?.Labels))
        {
            return false;
        }

        return spec.NodeAffinity?.Required is not { } required || NodeSelectorMatcher.Matches(required, node);
    }
}
