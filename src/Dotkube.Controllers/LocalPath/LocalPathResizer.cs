using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.PersistentVolume;
using Dotkube.Controllers.VolumeExpand;
using Dotkube.Machinery.Quantities;
using k8s.Models;

namespace Dotkube.Controllers.LocalPath;

/// <summary>
/// The local-path provisioner as an external resizer of the volumes it provisioned (what a CSI
/// driver's external-resizer sidecar does; events from "external-resizer rancher.io/local-path"):
/// status.allocatedResources and ControllerResizeInProgress with the Resizing condition, a Resizing
/// event, the volume's spec.capacity raised (a directory has no size to change), then
/// NodeResizePending with FileSystemResizePending and a FileSystemResizeRequired event — the node
/// running a pod with the claim finishes it. Raw block volumes finish here (VolumeResizeSuccessful).
/// </summary>
internal sealed class LocalPathResizer(
    KubeApiClient client,
    IObjectCache<V1PersistentVolumeClaim> claims,
    IObjectCache<V1PersistentVolume> volumes,
    EventRecorder events,
    TimeProvider clock) : IReconciler
{
    public static string EventComponent => "external-resizer " + LocalPathOptions.Provisioner;

    private ResourceClient<V1PersistentVolumeClaim> Claims => client.Resource<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (claims.Get(key.Namespace, key.Name) is not { } claim
            || string.IsNullOrEmpty(claim.Spec?.VolumeName)
            || volumes.Get(claim.Spec.VolumeName) is not { } volume
            || !LocalPathOptions.Serves(VolumeAnnotations.Get(volume.Metadata, VolumeAnnotations.ProvisionedBy))
            || ResizePlan.NewSize(claim, volume) is not { } size)
        {
            return ReconcileResult.Done;
        }

        claim = await MarkControllerResizeInProgressAsync(claim, size, ct);
        events.Event(claim, "Normal", "Resizing", $"External resizer is resizing volume {volume.Metadata.Name}", ResourceType.PersistentVolumeClaims);
        volume = await SetVolumeCapacityAsync(volume, size, ct);
        if (ResizePlan.NodeExpansionRequired(volume))
        {
            await MarkNodeExpansionPendingAsync(claim, ct);
            events.Event(claim, "Normal", "FileSystemResizeRequired", "Require file system resize of volume on node", ResourceType.PersistentVolumeClaims);
        }
        else
        {
            await MarkFinishedAsync(claim, size, ct);
            events.Event(claim, "Normal", "VolumeResizeSuccessful", "Resize volume succeeded", ResourceType.PersistentVolumeClaims);
        }

        return ReconcileResult.Done;
    }

    private async Task<V1PersistentVolumeClaim> MarkControllerResizeInProgressAsync(V1PersistentVolumeClaim claim, Quantity size, CancellationToken ct)
    {
        var copy = ObjectCopy.Of(claim);
        copy.Status ??= new V1PersistentVolumeClaimStatus();
        copy.Status.Conditions = ClaimResize.MergeConditions(copy.Status.Conditions, [ClaimResize.Condition(ClaimResize.Resizing, clock.GetUtcNow())]);
        copy.Status.AllocatedResourceStatuses ??= new Dictionary<string, string>();
        copy.Status.AllocatedResourceStatuses[ClaimResize.Storage] = ClaimResize.ControllerResizeInProgress;
        copy.Status.AllocatedResources ??= new Dictionary<string, ResourceQuantity>();
        copy.Status.AllocatedResources[ClaimResize.Storage] = new ResourceQuantity(size.ToString());
        return await Claims.UpdateStatusAsync(copy, cancellationToken: ct);
    }

    private async Task<V1PersistentVolume> SetVolumeCapacityAsync(V1PersistentVolume volume, Quantity size, CancellationToken ct)
    {
        if (ClaimResize.Capacity(volume) is { } have && have.CompareTo(size) == 0)
        {
            return volume;
        }

        var copy = ObjectCopy.Of(volume);
        copy.Spec.Capacity ??= new Dictionary<string, ResourceQuantity>();
        copy.Spec.Capacity[ClaimResize.Storage] = new ResourceQuantity(size.ToString());
        return await client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes).UpdateAsync(copy, cancellationToken: ct);
    }

    private async Task MarkNodeExpansionPendingAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        var copy = ObjectCopy.Of(claim);
        copy.Status.Conditions = ClaimResize.MergeConditions(copy.Status.Conditions,
            [ClaimResize.Condition(ClaimResize.FileSystemResizePending, clock.GetUtcNow(), ClaimResize.FileSystemResizePendingMessage)]);
        copy.Status.AllocatedResourceStatuses[ClaimResize.Storage] = ClaimResize.NodeResizePending;
        await Claims.UpdateStatusAsync(copy, cancellationToken: ct);
    }

    private async Task MarkFinishedAsync(V1PersistentVolumeClaim claim, Quantity size, CancellationToken ct)
    {
        var copy = ObjectCopy.Of(claim);
        copy.Status.Capacity ??= new Dictionary<string, ResourceQuantity>();
        copy.Status.Capacity[ClaimResize.Storage] = new ResourceQuantity(size.ToString());
        copy.Status.Conditions = ClaimResize.MergeConditions(copy.Status.Conditions, []);
        copy.Status.AllocatedResourceStatuses.Remove(ClaimResize.Storage);
        if (copy.Status.AllocatedResourceStatuses.Count == 0)
        {
            copy.Status.AllocatedResourceStatuses = null;
        }

        await Claims.UpdateStatusAsync(copy, cancellationToken: ct);
    }
}
