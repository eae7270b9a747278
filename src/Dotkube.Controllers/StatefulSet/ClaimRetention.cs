using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>
/// The ownerReferences persistentVolumeClaimRetentionPolicy puts on a pod's claims (upstream's
/// isClaimOwnerUpToDate and updateClaimOwnerRefForSetAndPod), so the garbage collector deletes
/// them at the right moment: whenDeleted: Delete makes the set the claim's controller (the claim
/// goes with the set); whenScaled: Delete makes a scaled-down pod the controller (the claim goes
/// with the pod). Retain/Retain leaves no reference. A claim controlled by something else, or
/// referring to an earlier set or pod of the same name, is left alone.
/// </summary>
public static class ClaimRetention
{
    public const string Retain = "Retain";
    public const string Delete = "Delete";

    private static (string WhenDeleted, string WhenScaled) Policy(V1StatefulSet set) =>
        (set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted ?? Retain, set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled ?? Retain);

    private static bool HasRef(V1PersistentVolumeClaim claim, string? uid) =>
        claim.Metadata.OwnerReferences?.Any(r => r.Uid == uid) == true;

    private static bool Matches(V1OwnerReference r, string kind, string name) => r.Kind == kind && r.Name == name;

    private static bool HasStaleRef(V1PersistentVolumeClaim claim, string kind, V1ObjectMeta owner) =>
        claim.Metadata.OwnerReferences?.FirstOrDefault(r => Matches(r, kind, owner.Name)) is { } r && r.Uid != owner.Uid;

    private static bool HasUnexpectedController(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod) =>
        claim.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid != set.Metadata.Uid && r.Uid != pod.Metadata.Uid) == true;

    private static bool HasNonControllerOwner(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod) =>
        claim.Metadata.OwnerReferences?.Any(r => r.Controller != true && (r.Uid == set.Metadata.Uid || r.Uid == pod.Metadata.Uid)) == true;

    /// <summary>Whether the claim's references already follow the policy for this pod.</summary>
    public static bool IsUpToDate(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod)
    {
        if (HasStaleRef(claim, "StatefulSet", set.Metadata) || HasStaleRef(claim, "Pod", pod.Metadata))
        {
            // Managed by an earlier set or pod of the same name: not ours to touch.
            return true;
        }
        var setRef = HasRef(claim, set.Metadata.Uid);
        var podRef = HasRef(claim, pod.Metadata.Uid);
        if (HasUnexpectedController(claim, set, pod))
        {
            return !setRef && !podRef;
        }
        if (HasNonControllerOwner(claim, set, pod))
        {
            return false;
        }
        var scaledDown = !StatefulPods.InOrdinalRange(set, StatefulPods.Ordinal(pod));
        return Policy(set) switch
        {
            (Delete, Retain) => setRef && !podRef,
            (Retain, Delete) => !setRef && scaledDown == podRef,
            (Delete, Delete) => scaledDown != setRef && scaledDown == podRef,
            _ => !setRef && !podRef,
        };
    }

    /// <summary>Sets the claim's references to the set and pod as the policy says.</summary>
    public static void Update(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod)
    {
        var unexpected = HasUnexpectedController(claim, set, pod);
        var refs = (claim.Metadata.OwnerReferences ?? [])
            .Where(r => !Matches(r, "StatefulSet", set.Metadata.Name) && !Matches(r, "Pod", pod.Metadata.Name)
                && r.Uid != set.Metadata.Uid && r.Uid != pod.Metadata.Uid)
            .ToList();
        if (!unexpected)
        {
            var scaledDown = !StatefulPods.InOrdinalRange(set, StatefulPods.Ordinal(pod));
            var (whenDeleted, whenScaled) = Policy(set);
            if (whenScaled == Delete && scaledDown)
            {
                refs.Add(ControllerRef(pod.Metadata, "v1", "Pod"));
            }
            else if (whenDeleted == Delete && (whenScaled == Retain || !scaledDown))
            {
                refs.Add(ControllerRef(set.Metadata, "apps/v1", "StatefulSet"));
            }
        }
        claim.Metadata.OwnerReferences = refs.Count == 0 ? null : refs;
    }

    private static V1OwnerReference ControllerRef(V1ObjectMeta owner, string apiVersion, string kind) =>
        Common.OwnerRefs.NewControllerRef(owner, apiVersion, kind);
}
