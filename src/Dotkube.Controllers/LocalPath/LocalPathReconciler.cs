using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.PersistentVolume;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.LocalPath;

/// <summary>Provisioning (per claim) and deletion (per volume) for <see cref="LocalPathProvisioner"/>.</summary>
internal sealed class LocalPathReconciler(
    KubeApiClient client,
    IObjectCache<V1PersistentVolumeClaim> claims,
    IObjectCache<V1PersistentVolume> volumes,
    IObjectCache<V1StorageClass> classes,
    IObjectCache<V1Node> nodes,
    EventRecorder events,
    LocalPathOptions options,
    ILogger logger)
{
    public IReconciler Claims => new Step(ProvisionAsync);

    public IReconciler Volumes => new Step(DeleteAsync);

    private ResourceClient<V1PersistentVolume> VolumeClient => client.Resource<V1PersistentVolume>(ResourceType.PersistentVolumes);

    private async Task<ReconcileResult> ProvisionAsync(ObjectKey key, CancellationToken ct)
    {
        if (claims.Get(key.Namespace, key.Name) is not { } claim || !ShouldProvision(claim, out var storageClass))
        {
            return ReconcileResult.Done;
        }

        if (volumes.Get(LocalPathVolumes.VolumeName(claim)) is not null)
        {
            return ReconcileResult.Done;
        }

        var nodeName = VolumeAnnotations.Get(claim.Metadata, VolumeAnnotations.SelectedNode);
        if (string.IsNullOrEmpty(nodeName))
        {
            events.Event(claim, "Warning", "ProvisioningFailed",
                $"failed to provision volume with StorageClass \"{storageClass.Metadata.Name}\": configuration error, no node was specified", ResourceType.PersistentVolumeClaims);
            return ReconcileResult.Done;
        }

        if (nodes.Get(nodeName) is null)
        {
            events.Event(claim, "Warning", "ProvisioningFailed",
                $"failed to provision volume with StorageClass \"{storageClass.Metadata.Name}\": nodes \"{nodeName}\" not found", ResourceType.PersistentVolumeClaims);
            return ReconcileResult.RequeueWithBackoff;
        }

        events.Event(claim, "Normal", "Provisioning", $"External provisioner is provisioning volume for claim \"{key.Namespace}/{key.Name}\"", ResourceType.PersistentVolumeClaims);
        var volume = LocalPathVolumes.Build(claim, storageClass, nodeName, options.BaseDirectory);
        try
        {
            await VolumeClient.CreateAsync(volume, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            return ReconcileResult.Done;
        }

        events.Event(claim, "Normal", "ProvisioningSucceeded", $"Successfully provisioned volume {volume.Metadata.Name}", ResourceType.PersistentVolumeClaims);
        logger.LogInformation("provisioned {Volume} on {Node} for claim {Namespace}/{Name}", volume.Metadata.Name, nodeName, key.Namespace, key.Name);
        return ReconcileResult.Done;
    }

    private bool ShouldProvision(V1PersistentVolumeClaim claim, out V1StorageClass storageClass)
    {
        storageClass = null!;
        if (!string.IsNullOrEmpty(claim.Spec?.VolumeName) || claim.Metadata.DeletionTimestamp is not null
            || !LocalPathOptions.Serves(VolumeAnnotations.Get(claim.Metadata, VolumeAnnotations.StorageProvisioner)))
        {
            return false;
        }

        if (classes.Get(StorageClasses.ClassOf(claim)) is not { } found || !LocalPathOptions.Serves(found.Provisioner))
        {
            return false;
        }

        storageClass = found;
        return true;
    }

    private async Task<ReconcileResult> DeleteAsync(ObjectKey key, CancellationToken ct)
    {
        if (volumes.Get(key.Name) is not { } volume
            || volume.Metadata.DeletionTimestamp is not null
            || volume.Status?.Phase != "Released"
            || volume.Spec?.PersistentVolumeReclaimPolicy != "Delete"
            || !LocalPathOptions.Serves(VolumeAnnotations.Get(volume.Metadata, VolumeAnnotations.ProvisionedBy)))
        {
            return ReconcileResult.Done;
        }

        try
        {
            await VolumeClient.DeleteAsync(null, key.Name, new DeleteOptions { PreconditionUid = volume.Metadata.Uid }, ct);
            logger.LogInformation("deleted released volume {Volume}", key.Name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Someone deleted it first.
        }

        return ReconcileResult.Done;
    }

    private sealed class Step(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> run) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => run(key, cancellationToken);
    }
}
