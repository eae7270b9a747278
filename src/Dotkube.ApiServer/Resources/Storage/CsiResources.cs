using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Storage;

/// <summary>storage.k8s.io/v1 csidrivers, csinodes, volumeattachments and csistoragecapacities.</summary>
public static class CsiResources
{
    public static ResourceDefinition CsiDrivers { get; } = new()
    {
        Group = "storage.k8s.io",
        Versions = ["v1"],
        Kind = "CSIDriver",
        Plural = "csidrivers",
        Singular = "csidriver",
        Namespaced = false,
        StoragePrefix = "/registry/csidrivers",
        Strategy = new CsiDriverStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CSIDriver) },
    };

    public static ResourceDefinition CsiNodes { get; } = new()
    {
        Group = "storage.k8s.io",
        Versions = ["v1"],
        Kind = "CSINode",
        Plural = "csinodes",
        Singular = "csinode",
        Namespaced = false,
        StoragePrefix = "/registry/csinodes",
        Strategy = new CsiNodeStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CSINode) },
    };

    public static ResourceDefinition VolumeAttachments { get; } = new()
    {
        Group = "storage.k8s.io",
        Versions = ["v1"],
        Kind = "VolumeAttachment",
        Plural = "volumeattachments",
        Singular = "volumeattachment",
        Namespaced = false,
        Subresources = ["status"],
        StoragePrefix = "/registry/volumeattachments",
        Strategy = new VolumeAttachmentStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1VolumeAttachment) },
    };

    public static ResourceDefinition CsiStorageCapacities { get; } = new()
    {
        Group = "storage.k8s.io",
        Versions = ["v1"],
        Kind = "CSIStorageCapacity",
        Plural = "csistoragecapacities",
        Singular = "csistoragecapacity",
        Namespaced = true,
        StoragePrefix = "/registry/csistoragecapacities",
        Strategy = new CsiStorageCapacityStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CSIStorageCapacity) },
    };

    /// <summary>A CSI driver name: a DNS subdomain of at most 63 characters, compared in lower case.</summary>
    public static void ValidateDriverName(string name, string path, List<FieldError> errors)
    {
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        if (name.Length > 63)
        {
            errors.Add(FieldError.TooLong(path, name, 63));
        }
        foreach (var msg in NameValidation.IsDns1123Subdomain(name.ToLowerInvariant()))
        {
            errors.Add(FieldError.Invalid(path, name, msg));
        }
    }
}

/// <summary>CSIDriver: upstream SetDefaults_CSIDriver; attachRequired, fsGroupPolicy and modes are fixed once set.</summary>
public sealed class CsiDriverStrategy : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.Default("attachRequired", true);
        spec.Default("podInfoOnMount", false);
        spec.Default("storageCapacity", false);
        spec.DefaultString("fsGroupPolicy", "ReadWriteOnceWithFSType");
        if ((spec.Arr("volumeLifecycleModes")?.Count ?? 0) == 0)
        {
            spec["volumeLifecycleModes"] = new JsonArray("Persistent");
        }
        spec.Default("requiresRepublish", false);
        spec.Default("seLinuxMount", false);
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        if (spec?["attachRequired"] is null)
        {
            errors.Add(FieldError.Required("spec.attachRequired"));
        }
        if (spec?["podInfoOnMount"] is null)
        {
            errors.Add(FieldError.Required("spec.podInfoOnMount"));
        }
        if (spec.Str("fsGroupPolicy") is { } policy && policy is not ("File" or "None" or "ReadWriteOnceWithFSType"))
        {
            errors.Add(FieldError.NotSupported("spec.fsGroupPolicy", policy, ["File", "None", "ReadWriteOnceWithFSType"]));
        }
        var i = 0;
        foreach (var mode in spec.Arr("volumeLifecycleModes").Strings())
        {
            if (mode is not ("Ephemeral" or "Persistent"))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Index("spec.volumeLifecycleModes", i), mode, ["Ephemeral", "Persistent"]));
            }
            i++;
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj).ToList();
        var spec = obj.Obj("spec");
        var oldSpec = old.Obj("spec");
        CommonValidation.Immutable(spec?["attachRequired"], oldSpec?["attachRequired"], "spec.attachRequired", spec.Bool("attachRequired"), errors);
        CommonValidation.ImmutableString(spec, oldSpec, "fsGroupPolicy", "spec.fsGroupPolicy", errors);
        CommonValidation.Immutable(spec?["volumeLifecycleModes"], oldSpec?["volumeLifecycleModes"], "spec.volumeLifecycleModes",
            GoValue.StringSlice(spec.Arr("volumeLifecycleModes").Strings()), errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Boolean("AttachRequired", "attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting.",
            (o, _) => o.Obj("spec").Bool("attachRequired") ?? true),
        GroupColumns.Boolean("PodInfoOnMount", "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true.",
            (o, _) => o.Obj("spec").Bool("podInfoOnMount") ?? false),
        GroupColumns.Boolean("StorageCapacity", "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true.",
            (o, _) => o.Obj("spec").Bool("storageCapacity") ?? false),
        GroupColumns.Text("TokenRequests", "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication.",
            (o, _) => o.Obj("spec")?["tokenRequests"] is null ? "<unset>" : string.Join(",", o.Obj("spec").Arr("tokenRequests").Objects().Select(t => t.StrOrEmpty("audience")))),
        GroupColumns.Boolean("RequiresRepublish", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume.",
            (o, _) => o.Obj("spec").Bool("requiresRepublish") ?? false),
        GroupColumns.Text("Modes", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports.",
            (o, _) => o.Obj("spec").Arr("volumeLifecycleModes") is { Count: > 0 } modes ? string.Join(",", modes.Strings()) : "<none>"),
        TableColumn.AgeColumn,
    ];
}

/// <summary>CSINode: one entry per registered driver on a node.</summary>
public sealed class CsiNodeStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var driver in obj.Obj("spec").Arr("drivers").Objects())
        {
            var path = FieldPath.Index("spec.drivers", i++);
            var name = driver.StrOrEmpty("name");
            CsiResources.ValidateDriverName(name, FieldPath.Child(path, "name"), errors);
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(path, "name"), name));
            }
            var nodeId = driver.StrOrEmpty("nodeID");
            if (nodeId.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "nodeID"), "nodeID of CSI driver must be specified"));
            }
            else if (nodeId.Length > 192)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "nodeID"), nodeId, "must be 192 characters or less"));
            }
            if (driver.Obj("allocatable").Int("count") is < 0 and var count)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "allocatable.count"), count, "must be greater than or equal to 0"));
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Integer("Drivers", "Drivers indicates the number of CSI drivers registered on the node", (o, _) => (long)(o.Obj("spec").Arr("drivers")?.Count ?? 0)),
        TableColumn.AgeColumn,
    ];
}

/// <summary>VolumeAttachment: the spec is immutable; the attacher reports through /status.</summary>
public sealed class VolumeAttachmentStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        if (spec.StrOrEmpty("attacher").Length == 0)
        {
            errors.Add(FieldError.Required("spec.attacher"));
        }
        var source = spec.Obj("source");
        var pv = source.Str("persistentVolumeName");
        var inline = source.Obj("inlineVolumeSpec");
        if (pv is null && inline is null)
        {
            errors.Add(FieldError.Required("spec.source", "must specify exactly one of inlineVolumeSpec and persistentVolumeName"));
        }
        else if (pv is not null && inline is not null)
        {
            errors.Add(FieldError.Forbidden("spec.source", "must specify exactly one of inlineVolumeSpec and persistentVolumeName"));
        }
        else if (pv is { Length: 0 })
        {
            errors.Add(FieldError.Required("spec.source.persistentVolumeName", "must specify non empty persistentVolumeName"));
        }
        var node = spec.StrOrEmpty("nodeName");
        foreach (var msg in NameValidation.IsDns1123Subdomain(node))
        {
            errors.Add(FieldError.Invalid("spec.nodeName", node, msg));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj).ToList();
        if (!CommonValidation.SemanticEquals(obj["spec"], old["spec"]))
        {
            errors.Add(FieldError.Invalid("spec", GoSyntax.Raw("storage.VolumeAttachmentSpec{...}"), CommonValidation.ImmutableMessage));
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new TableColumn("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().",
            0, (o, _) => o.Obj("spec").StrOrEmpty("attacher")),
        GroupColumns.Text("PV", "persistentVolumeName represents the name of the persistent volume to attach.",
            (o, _) => o.Obj("spec").Obj("source").StrOrEmpty("persistentVolumeName")),
        GroupColumns.Text("Node", "nodeName represents the node that the volume should be attached to.", (o, _) => o.Obj("spec").StrOrEmpty("nodeName")),
        GroupColumns.Boolean("Attached", "attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher.",
            (o, _) => o.Obj("status").Bool("attached") ?? false),
        TableColumn.AgeColumn,
    ];
}

/// <summary>CSIStorageCapacity: published by CSI drivers; upstream prints no age for it.</summary>
public sealed class CsiStorageCapacityStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var className = obj.StrOrEmpty("storageClassName");
        if (className.Length == 0)
        {
            errors.Add(FieldError.Required("storageClassName"));
        }
        else
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(className))
            {
                errors.Add(FieldError.Invalid("storageClassName", className, msg));
            }
        }
        LabelSelectors.Validate(obj.Obj("nodeTopology"), "nodeTopology", errors);
        foreach (var key in new[] { "capacity", "maximumVolumeSize" })
        {
            if (obj[key] is { } node && Machinery.Quantities.Quantity.TryParse(JsonFields.AsString(node) ?? node.ToJsonString(), out var q) && q.Sign < 0)
            {
                errors.Add(FieldError.Invalid(key, q.ToString(), "must be greater than or equal to 0"));
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("StorageClassName", "storageClassName represents the name of the StorageClass that the reported capacity applies to. It must meet the same requirements as the name of a StorageClass object (non-empty, DNS subdomain). If that object no longer exists, the CSIStorageCapacity object is obsolete and should be removed by its creator. This field is immutable.",
            (o, _) => o.StrOrEmpty("storageClassName")),
        GroupColumns.Text("Capacity", "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields.",
            (o, _) => o["capacity"] is { } c ? QuantityText.Canonical(c) : "<unset>"),
    ];
}
