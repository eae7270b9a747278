using Dotkube.Controllers.LocalPath;
using k8s.Models;
using static Dotkube.Controllers.Tests.PersistentVolume.Objects;

namespace Dotkube.Controllers.Tests.LocalPath;

public class LocalPathVolumesTests
{
    [Fact]
    public void A_provisioned_volume_is_pre_bound_to_its_claim_and_pinned_to_the_selected_node()
    {
        var claim = Claim(size: "3Gi", modes: "RWO", className: "local-path");
        var storageClass = LocalPathVolumes.StorageClass(isDefault: true);
        var volume = LocalPathVolumes.Build(claim, storageClass, "node2", "/var/lib/dotkube/local-path/");

        Assert.Equal("pvc-uid-data", volume.Metadata.Name);
        Assert.Equal("rancher.io/local-path", volume.Metadata.Annotations["pv.kubernetes.io/provisioned-by"]);
        Assert.Equal(("ns", "data", "uid-data"), (volume.Spec.ClaimRef.NamespaceProperty, volume.Spec.ClaimRef.Name, volume.Spec.ClaimRef.Uid));
        Assert.Equal("3Gi", volume.Spec.Capacity["storage"].ToString());
        Assert.Equal(["ReadWriteOnce"], volume.Spec.AccessModes);
        Assert.Equal(("Delete", "local-path", "Filesystem"), (volume.Spec.PersistentVolumeReclaimPolicy, volume.Spec.StorageClassName, volume.Spec.VolumeMode));
        Assert.Equal("/var/lib/dotkube/local-path/pvc-uid-data_ns_data", volume.Spec.HostPath.Path);
        var requirement = Assert.Single(Assert.Single(volume.Spec.NodeAffinity.Required.NodeSelectorTerms).MatchExpressions);
        Assert.Equal(("kubernetes.io/hostname", "In", "node2"), (requirement.Key, requirement.OperatorProperty, Assert.Single(requirement.Values)));
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, null)]
    public void The_class_waits_for_the_first_consumer_and_is_default_unless_turned_off(bool isDefault, string? annotation)
    {
        V1StorageClass storageClass = LocalPathVolumes.StorageClass(isDefault);
        Assert.Equal(("local-path", "rancher.io/local-path", "WaitForFirstConsumer", "Delete"),
            (storageClass.Metadata.Name, storageClass.Provisioner, storageClass.VolumeBindingMode, storageClass.ReclaimPolicy));
        Assert.Equal(annotation, Dotkube.Controllers.PersistentVolume.VolumeAnnotations.Get(storageClass.Metadata, "storageclass.kubernetes.io/is-default-class"));
    }

    [Theory]
    [InlineData("rancher.io/local-path", true)]
    [InlineData("dotkube.io/local-path", true)]
    [InlineData("kubernetes.io/no-provisioner", false)]
    [InlineData(null, false)]
    public void Both_local_path_provisioner_names_are_served(string? provisioner, bool served) =>
        Assert.Equal(served, LocalPathOptions.Serves(provisioner));

    [Fact]
    public void A_volume_records_the_provisioner_name_its_class_gave()
    {
        var storageClass = LocalPathVolumes.StorageClass(isDefault: false);
        storageClass.Provisioner = "dotkube.io/local-path";
        var volume = LocalPathVolumes.Build(Claim(size: "1Gi", modes: "RWO", className: "local-path"), storageClass, "node1", "/tmp/lp");
        Assert.Equal("dotkube.io/local-path", volume.Metadata.Annotations["pv.kubernetes.io/provisioned-by"]);
    }
}
