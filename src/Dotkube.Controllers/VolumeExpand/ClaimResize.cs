using Dotkube.Client.Serialization;
using Dotkube.Machinery.Quantities;
using k8s.Models;

namespace Dotkube.Controllers.VolumeExpand;

/// <summary>
/// The claim fields volume expansion reads and writes, with upstream's names: the storage request,
/// status.capacity, status.allocatedResources and allocatedResourceStatuses (kept since 1.32, where
/// RecoverVolumeExpansionFailure is beta and on), and the two resize conditions.
/// </summary>
public static class ClaimResize
{
    public const string Storage = "storage";

    /// <summary>Condition while a controller expands the volume.</summary>
    public const string Resizing = "Resizing";

    /// <summary>Condition once the controller is done and a node must finish (the kubelet, when a pod mounts the volume).</summary>
    public const string FileSystemResizePending = "FileSystemResizePending";

    public const string FileSystemResizePendingMessage = "Waiting for user to (re-)start a pod to finish file system resize of volume on node.";

    // allocatedResourceStatuses values (v1.ClaimResourceStatus).
    public const string ControllerResizeInProgress = "ControllerResizeInProgress";
    public const string ControllerResizeInfeasible = "ControllerResizeInfeasible";
    public const string NodeResizePending = "NodeResizePending";
    public const string NodeResizeInProgress = "NodeResizeInProgress";
    public const string NodeResizeInfeasible = "NodeResizeInfeasible";

    public static Quantity? Of(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue(Storage, out var q) && q is not null && Quantity.TryParse(q.ToString(), out var parsed) ? parsed : null;

    public static Quantity? Requested(V1PersistentVolumeClaim claim) => Of(claim.Spec?.Resources?.Requests);

    public static Quantity? Capacity(V1PersistentVolumeClaim claim) => Of(claim.Status?.Capacity);

    public static Quantity? Allocated(V1PersistentVolumeClaim claim) => Of(claim.Status?.AllocatedResources);

    public static Quantity? Capacity(V1PersistentVolume volume) => Of(volume.Spec?.Capacity);

    /// <summary>allocatedResourceStatuses["storage"], or "".</summary>
    public static string Status(V1PersistentVolumeClaim claim) =>
        claim.Status?.AllocatedResourceStatuses is { } s && s.TryGetValue(Storage, out var v) ? v ?? "" : "";

    public static bool HasCondition(V1PersistentVolumeClaim claim, string type) =>
        claim.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    /// <summary>Whether the claim is Bound to <paramref name="volume"/> and the volume to it (same uid).</summary>
    public static bool BoundTogether(V1PersistentVolumeClaim claim, V1PersistentVolume volume) =>
        claim.Status?.Phase == "Bound"
        && claim.Spec?.VolumeName == volume.Metadata?.Name
        && volume.Spec?.ClaimRef is { } r
        && r.NamespaceProperty == claim.Metadata?.NamespaceProperty
        && r.Uid == claim.Metadata?.Uid;

    /// <summary>
    /// Upstream's rule for when the expand controller looks at a claim: it is Bound and asks for
    /// more than its status.capacity.
    /// </summary>
    public static bool WantsMore(V1PersistentVolumeClaim claim) =>
        claim.Status?.Phase == "Bound" && Requested(claim) is { } request && request > (Capacity(claim) ?? Quantity.Zero);

    /// <summary>
    /// Merges resize conditions as upstream's MergeResizeConditionsOfPVC: conditions of other types
    /// stay; a known resize condition stays only if <paramref name="resizeConditions"/> has its type
    /// (keeping the old one, and so its transition time, when the status is unchanged); new ones are
    /// appended. An empty list clears both resize conditions.
    /// </summary>
    public static List<V1PersistentVolumeClaimCondition> MergeConditions(IList<V1PersistentVolumeClaimCondition>? old, IReadOnlyList<V1PersistentVolumeClaimCondition> resizeConditions)
    {
        var merged = new List<V1PersistentVolumeClaimCondition>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in old ?? [])
        {
            if (c.Type is not (Resizing or FileSystemResizePending))
            {
                merged.Add(c);
                continue;
            }

            if (resizeConditions.FirstOrDefault(n => n.Type == c.Type) is { } replacement)
            {
                merged.Add(replacement.Status == c.Status ? c : replacement);
                done.Add(c.Type);
            }
        }

        merged.AddRange(resizeConditions.Where(n => !done.Contains(n.Type)));
        return merged;
    }

    public static V1PersistentVolumeClaimCondition Condition(string type, DateTimeOffset now, string? message = null) =>
        new() { Type = type, Status = "True", LastTransitionTime = MetaTime.From(now), Message = message };
}
