using Dotkube.Controllers.VolumeExpand;
using Dotkube.Machinery.Quantities;
using k8s.Models;

namespace Dotkube.Controllers.LocalPath;

/// <summary>
/// The size an external resizer expands a claim's volume to now, or null for nothing to do — the
/// external-resizer's expandAndRecover (RecoverVolumeExpansionFailure on, as in 1.32) for a driver
/// whose expansions never fail: work already handed to the node is left to the node, and an
/// expansion recorded in status.allocatedResources is resumed at that size before a newer request.
/// </summary>
public static class ResizePlan
{
    public static Quantity? NewSize(V1PersistentVolumeClaim claim, V1PersistentVolume volume)
    {
        if (!ClaimResize.WantsMore(claim) || !ClaimResize.BoundTogether(claim, volume) || ClaimResize.Requested(claim) is not { } request)
        {
            return null;
        }

        var volumeSize = ClaimResize.Capacity(volume) ?? Quantity.Zero;
        var allocated = ClaimResize.Allocated(claim);
        var status = ClaimResize.Status(claim);
        if (volumeSize < request)
        {
            switch (status)
            {
                case ClaimResize.NodeResizePending or ClaimResize.NodeResizeInProgress or ClaimResize.NodeResizeInfeasible:
                    var pending = allocated ?? request;
                    // Let the node finish the expansion it was given before starting a larger one.
                    return status != ClaimResize.NodeResizeInfeasible && volumeSize >= pending ? null : pending;
                case ClaimResize.ControllerResizeInProgress:
                    return allocated ?? request;
                default:
                    return request;
            }
        }

        // The volume is already as large as asked: the node has its part to do, or an earlier
        // controller step was not recorded on the claim.
        switch (status)
        {
            case ClaimResize.NodeResizePending or ClaimResize.NodeResizeInProgress:
                return null;
            case ClaimResize.ControllerResizeInProgress or ClaimResize.ControllerResizeInfeasible or ClaimResize.NodeResizeInfeasible:
                return allocated ?? request;
            default:
                if (ClaimResize.HasCondition(claim, ClaimResize.FileSystemResizePending))
                {
                    return null;
                }

                return allocated ?? request;
        }
    }

    /// <summary>
    /// Whether a node must finish the expansion: a filesystem volume (the kubelet grows the
    /// filesystem when a pod mounts it); a raw block volume is done once the controller is.
    /// </summary>
    public static bool NodeExpansionRequired(V1PersistentVolume volume) => volume.Spec?.VolumeMode != "Block";
}
