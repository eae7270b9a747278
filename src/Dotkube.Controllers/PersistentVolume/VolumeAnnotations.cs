using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>The annotations and finalizers the PV controller, the scheduler and provisioners agree on (upstream's names).</summary>
public static class VolumeAnnotations
{
    /// <summary>On a claim: the controller finished binding it (a claim without it is still being bound).</summary>
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";

    /// <summary>On a claim or volume: the binding was made by the controller, not pre-set by a user.</summary>
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";

    /// <summary>On a volume: the provisioner that created it, and so the one that deletes it.</summary>
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";

    /// <summary>On a claim: the node the scheduler chose, for provisioning a WaitForFirstConsumer claim there.</summary>
    public const string SelectedNode = "volume.kubernetes.io/selected-node";

    /// <summary>On a claim: the provisioner asked to provision it.</summary>
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";

    /// <summary>The older spelling, still written next to <see cref="StorageProvisioner"/>.</summary>
    public const string BetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";

    /// <summary>The class of a claim or volume in its legacy form; it wins over spec.storageClassName.</summary>
    public const string BetaStorageClass = "volume.beta.kubernetes.io/storage-class";

    public const string DefaultClass = "storageclass.kubernetes.io/is-default-class";
    public const string BetaDefaultClass = "storageclass.beta.kubernetes.io/is-default-class";

    public const string PvcProtectionFinalizer = "kubernetes.io/pvc-protection";
    public const string PvProtectionFinalizer = "kubernetes.io/pv-protection";

    /// <summary>The provisioner of classes that never provision (local volumes made by hand).</summary>
    public const string NoProvisioner = "kubernetes.io/no-provisioner";

    public const string Yes = "yes";

    /// <summary>The annotation's value, or null.</summary>
    public static string? Get(V1ObjectMeta? meta, string key) =>
        meta?.Annotations is { } a && a.TryGetValue(key, out var v) ? v : null;
}
