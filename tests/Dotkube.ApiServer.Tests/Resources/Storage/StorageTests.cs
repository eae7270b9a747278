using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Storage;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Storage;

public class StorageTests
{
    private static readonly StorageClassStrategy Strategy = new();

    [Fact]
    public void A_storage_class_defaults_to_delete_and_immediate_binding()
    {
        var (obj, errors) = Create(Strategy, Json("""{"metadata":{"name":"fast"},"provisioner":"example.com/ssd"}"""));

        Assert.Empty(errors);
        Assert.Equal(("Delete", "Immediate"), (obj.Str("reclaimPolicy"), obj.Str("volumeBindingMode")));
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"x"}}""", "provisioner: Required value")]
    [InlineData("""{"metadata":{"name":"x"},"provisioner":"p","reclaimPolicy":"Recycle"}""", "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")]
    [InlineData("""{"metadata":{"name":"x"},"provisioner":"p","volumeBindingMode":"Later"}""", "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"")]
    public void Invalid_storage_classes_are_rejected(string json, string expected) =>
        Assert.Equal([expected], Create(Strategy, Json(json)).Errors);

    [Fact]
    public void Provisioner_parameters_reclaim_policy_and_binding_mode_are_fixed()
    {
        var (old, _) = Create(Strategy, Json("""{"metadata":{"name":"fast"},"provisioner":"p","parameters":{"type":"ssd"}}"""));
        var changed = Json("""{"metadata":{"name":"fast"},"provisioner":"q","parameters":{"type":"hdd"},"reclaimPolicy":"Retain","volumeBindingMode":"WaitForFirstConsumer"}""");

        Assert.Equal(
        [
            "parameters: Forbidden: updates to parameters are forbidden.",
            "provisioner: Forbidden: updates to provisioner are forbidden.",
            "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
            "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable",
        ], Update(Strategy, changed, old));
    }

    [Fact]
    public void The_default_class_is_marked_in_the_table()
    {
        var obj = Json("""{"metadata":{"name":"standard","creationTimestamp":"2024-05-01T11:00:00Z","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}""");

        Assert.Equal(["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], Headers(Strategy));
        Assert.Equal(["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false", "60m"], Row(Strategy, obj));
    }

    [Fact]
    public void Csi_drivers_get_upstream_defaults_and_keep_attach_required()
    {
        var strategy = CsiResources.CsiDrivers.Strategy;
        var (old, errors) = Create(strategy, Json("""{"metadata":{"name":"csi.example.com"},"spec":{}}"""));

        Assert.Empty(errors);
        Assert.Equal("""{"attachRequired":true,"podInfoOnMount":false,"storageCapacity":false,"fsGroupPolicy":"ReadWriteOnceWithFSType","volumeLifecycleModes":["Persistent"],"requiresRepublish":false,"seLinuxMount":false}""", old["spec"]!.ToJsonString());
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["attachRequired"] = false;
        Assert.Equal(["spec.attachRequired: Invalid value: false: field is immutable"], Update(strategy, changed, old));
    }

    [Fact]
    public void A_volume_attachment_needs_one_source_and_keeps_its_spec()
    {
        var strategy = CsiResources.VolumeAttachments.Strategy;
        Assert.Equal(["spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName"],
            Messages(strategy.Validate(Json("""{"metadata":{"name":"va"},"spec":{"attacher":"csi.example.com","nodeName":"n1","source":{}}}"""))));

        var obj = Json("""{"metadata":{"name":"va","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"attacher":"csi.example.com","nodeName":"n1","source":{"persistentVolumeName":"pv1"}},"status":{"attached":true}}""");
        Assert.Equal(["va", "csi.example.com", "pv1", "n1", "true", "60m"], Row(strategy, obj));
    }

    [Fact]
    public void Storage_capacities_print_their_class_and_capacity() =>
        Assert.Equal(["cap-1", "fast", "10Gi"], Row(CsiResources.CsiStorageCapacities.Strategy, Json("""{"metadata":{"name":"cap-1"},"storageClassName":"fast","capacity":"10Gi"}""")));
}
