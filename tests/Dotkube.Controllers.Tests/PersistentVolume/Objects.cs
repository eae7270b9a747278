using k8s.Models;

namespace Dotkube.Controllers.Tests.PersistentVolume;

/// <summary>Small builders for the volumes, claims and classes of the tests.</summary>
internal static class Objects
{
    public static V1PersistentVolume Volume(
        string name,
        string size = "1Gi",
        string modes = "RWO",
        string? className = null,
        string phase = "Available",
        string? claimRef = null,
        string? claimUid = null,
        string? label = null,
        string? volumeMode = null,
        string policy = "Retain",
        bool provisioned = false) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = label is null ? null : new Dictionary<string, string> { ["tier"] = label },
                Annotations = provisioned ? new Dictionary<string, string> { ["pv.kubernetes.io/provisioned-by"] = "rancher.io/local-path" } : null,
            },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
                AccessModes = Modes(modes),
                StorageClassName = className,
                VolumeMode = volumeMode,
                PersistentVolumeReclaimPolicy = policy,
                ClaimRef = claimRef is null ? null : new V1ObjectReference { NamespaceProperty = claimRef.Split('/')[0], Name = claimRef.Split('/')[1], Uid = claimUid },
            },
            Status = new V1PersistentVolumeStatus { Phase = phase },
        };

    public static V1PersistentVolumeClaim Claim(
        string name = "data",
        string size = "1Gi",
        string modes = "RWO",
        string? className = null,
        string? selector = null,
        string? volumeMode = null,
        string? volumeName = null,
        bool bindCompleted = false,
        string? selectedNode = null,
        string phase = "Pending") => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "ns",
                Uid = "uid-" + name,
                Annotations = Annotations(bindCompleted, selectedNode),
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = Modes(modes),
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                StorageClassName = className,
                Selector = selector is null ? null : new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = selector } },
                VolumeMode = volumeMode,
                VolumeName = volumeName,
            },
            Status = new V1PersistentVolumeClaimStatus { Phase = phase },
        };

    public static V1StorageClass Class(string name, string provisioner = "example.com/disk", string mode = "Immediate", bool isDefault = false, int createdMinute = 0) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            CreationTimestamp = new DateTime(2026, 1, 1, 0, createdMinute, 0, DateTimeKind.Utc),
            Annotations = isDefault ? new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" } : null,
        },
        Provisioner = provisioner,
        VolumeBindingMode = mode,
    };

    private static Dictionary<string, string>? Annotations(bool bindCompleted, string? selectedNode)
    {
        var a = new Dictionary<string, string>();
        if (bindCompleted)
        {
            a["pv.kubernetes.io/bind-completed"] = "yes";
        }

        if (selectedNode is not null)
        {
            a["volume.kubernetes.io/selected-node"] = selectedNode;
        }

        return a.Count == 0 ? null : a;
    }

    private static List<string> Modes(string modes) =>
        [.. modes.Split(',').Select(m => m switch { "RWO" => "ReadWriteOnce", "ROX" => "ReadOnlyMany", "RWX" => "ReadWriteMany", _ => m })];
}
