namespace Dotkube.Controllers.PersistentVolume;

using k8s.Models;

/// <summary>
/// The PV controller's decision for one claim (upstream's syncClaim, in its own words): unbound
/// claims without a class get the default class; unbound claims get the best matching volume, or are
/// handed to their class's provisioner, or wait (for a volume, or for the first consumer); bound
/// claims are kept consistent with their volume, or marked Lost.
/// </summary>
public static class ClaimSync
{
    public const string NoClassMessage = "no persistent volumes available for this claim and no storage class is set";
    public const string WaitForFirstConsumerMessage = "waiting for first consumer to be created before binding";

    public static ClaimAction Decide(V1PersistentVolumeClaim claim, ClaimWorld world)
    {
        if (claim.Metadata?.DeletionTimestamp is not null && claim.Status?.Phase != "Bound" && string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            return ClaimAction.None;
        }

        var annotations = claim.Metadata?.Annotations;
        if (annotations?.ContainsKey(VolumeAnnotations.BindCompleted) == true)
        {
            return DecideBound(claim, world);
        }

        if (string.IsNullOrEmpty(claim.Spec?.VolumeName) && StorageClasses.HasUnsetClass(claim) && world.DefaultClass() is { } defaultClass)
        {
            return new ClaimAction(ClaimActionKind.AssignDefaultClass) { Name = defaultClass.Metadata.Name };
        }

        return string.IsNullOrEmpty(claim.Spec?.VolumeName) ? DecideUnbound(claim, world) : DecideRequested(claim, claim.Spec.VolumeName, world);
    }

    private static ClaimAction DecideUnbound(V1PersistentVolumeClaim claim, ClaimWorld world)
    {
        var delayBinding = StorageClasses.IsDelayBinding(claim, world.GetClass);
        if (VolumeMatcher.FindBestMatch(claim, world.Volumes, delayBinding) is { } volume)
        {
            return new ClaimAction(ClaimActionKind.Bind) { Volume = volume };
        }

        var selectedNode = claim.Metadata?.Annotations?.ContainsKey(VolumeAnnotations.SelectedNode) == true;
        if (delayBinding && !selectedNode)
        {
            var pods = world.UnscheduledPodsUsing(claim);
            return pods.Count switch
            {
                0 => ClaimAction.Pending(new ClaimEvent("Normal", "WaitForFirstConsumer", WaitForFirstConsumerMessage)),
                1 => ClaimAction.Pending(new ClaimEvent("Normal", "WaitForPodScheduled", $"waiting for pod {pods[0]} to be scheduled")),
                _ => ClaimAction.Pending(new ClaimEvent("Normal", "WaitForPodScheduled", $"waiting for pods {string.Join(",", pods)} to be scheduled")),
            };
        }

        var className = StorageClasses.ClassOf(claim);
        if (className.Length == 0)
        {
            return ClaimAction.Pending(new ClaimEvent("Normal", "FailedBinding", NoClassMessage));
        }

        if (world.GetClass(className) is not { } storageClass)
        {
            return ClaimAction.Pending(new ClaimEvent("Warning", "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found"));
        }

        return new ClaimAction(ClaimActionKind.Provision)
        {
            Name = storageClass.Provisioner,
            Event = new ClaimEvent("Normal", "ExternalProvisioning",
                $"Waiting for a volume to be created either by the external provisioner '{storageClass.Provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
        };
    }

    /// <summary>The user named the volume in spec.volumeName.</summary>
    private static ClaimAction DecideRequested(V1PersistentVolumeClaim claim, string volumeName, ClaimWorld world)
    {
        if (world.GetVolume(volumeName) is not { } volume)
        {
            // It may be created later.
            return ClaimAction.Pending();
        }

        if (volume.Spec?.ClaimRef is null)
        {
            return VolumeMatcher.CheckVolumeSatisfiesClaim(volume, claim) is { } why
                ? ClaimAction.Pending(new ClaimEvent("Warning", "VolumeMismatch", $"Cannot bind to requested volume \"{volumeName}\": {why}"))
                : new ClaimAction(ClaimActionKind.Bind) { Volume = volume };
        }

        // Claimed by this claim (perhaps only by name): finish the binding; by another: wait.
        return VolumeMatcher.IsBoundToClaim(volume, claim) ? new ClaimAction(ClaimActionKind.Bind) { Volume = volume } : ClaimAction.Pending();
    }

    private static ClaimAction DecideBound(V1PersistentVolumeClaim claim, ClaimWorld world)
    {
        if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            return Lost(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
        }

        if (world.GetVolume(claim.Spec.VolumeName) is not { } volume)
        {
            return Lost(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
        }

        if (volume.Spec?.ClaimRef is null || volume.Spec.ClaimRef.Uid == claim.Metadata?.Uid)
        {
            // Bound (or the volume's side was lost): make both sides say so; a no-op when all is set.
            return new ClaimAction(ClaimActionKind.Bind) { Volume = volume };
        }

        return Lost(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
    }

    private static ClaimAction Lost(V1PersistentVolumeClaim claim, string reason, string message) =>
        claim.Status?.Phase == "Lost" ? ClaimAction.None : new ClaimAction(ClaimActionKind.Lost) { Event = new ClaimEvent("Warning", reason, message) };
}
