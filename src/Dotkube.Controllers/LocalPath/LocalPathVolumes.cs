using Dotkube.Controllers.PersistentVolume;
using k8s.Models;

namespace Dotkube.Controllers.LocalPath;

/// <summary>The objects the local-path provisioner writes: its StorageClass, and one volume per claim.</summary>
public static class LocalPathVolumes
{
    public const string SimulatedNodeLabel = "node.dotkube.io/simulated";

    public static V1StorageClass StorageClass(bool isDefault) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta
        {
            Name = LocalPathOptions.ClassName,
            Annotations = isDefault ? new Dictionary<string, string> { [VolumeAnnotations.DefaultClass] = "true" } : null,
        },
        Provisioner = LocalPathOptions.Provisioner,
        ReclaimPolicy = "Delete",
        VolumeBindingMode = StorageClasses.WaitForFirstConsumer,
    };

    /// <summary>The volume's name, as external provisioners name theirs: "pvc-" and the claim's uid.</summary>
    public static string VolumeName(V1PersistentVolumeClaim claim) => "pvc-" + claim.Metadata.Uid;

    /// <summary>
    /// A hostPath volume in its own directory under <paramref name="baseDirectory"/> on
    /// <paramref name="nodeName"/>, pre-bound to the claim, with the claim's size, modes and volume
    /// mode, the class's reclaim policy and mount options, and required node affinity to that node.
    /// </summary>
    public static V1PersistentVolume Build(V1PersistentVolumeClaim claim, V1StorageClass storageClass, string nodeName, string baseDirectory)
    {
        var name = VolumeName(claim);
        var storage = claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var q) == true ? q : new ResourceQuantity("0");
        return new V1PersistentVolume
        {
            ApiVersion = "v1",
            Kind = "PersistentVolume",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                // The name the class gave, as an external provisioner records its own.
                Annotations = new Dictionary<string, string> { [VolumeAnnotations.ProvisionedBy] = storageClass.Provisioner },
            },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = storage },
                AccessModes = claim.Spec?.AccessModes?.ToList() ?? ["ReadWriteOnce"],
                VolumeMode = claim.Spec?.VolumeMode ?? "Filesystem",
                PersistentVolumeReclaimPolicy = storageClass.ReclaimPolicy ?? "Delete",
                StorageClassName = storageClass.Metadata.Name,
                MountOptions = storageClass.MountOptions?.ToList(),
                ClaimRef = new V1ObjectReference
                {
                    Kind = "PersistentVolumeClaim",
                    ApiVersion = "v1",
                    NamespaceProperty = claim.Metadata.NamespaceProperty,
                    Name = claim.Metadata.Name,
                    Uid = claim.Metadata.Uid,
                    ResourceVersion = claim.Metadata.ResourceVersion,
                },
                HostPath = new V1HostPathVolumeSource
                {
                    Path = $"{baseDirectory.TrimEnd('/')}/{name}_{claim.Metadata.NamespaceProperty}_{claim.Metadata.Name}",
                    Type = "DirectoryOrCreate",
                },
                NodeAffinity = new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm
                            {
                                MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [nodeName] }],
                            },
                        ],
                    },
                },
            },
        };
    }
}
