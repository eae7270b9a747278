using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 PersistentVolumes.</summary>
public static class PersistentVolumes
{
    public static readonly IReadOnlyList<string> AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    public static readonly IReadOnlyList<string> VolumeModes = ["Block", "Filesystem"];

    // The volume sources a PersistentVolume may use (one of them).
    internal static readonly string[] Sources =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "nfs", "rbd", "quobyte", "cinder", "cephfs",
        "iscsi", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume", "azureDisk", "photonPersistentDisk",
        "portworxVolume", "scaleIO", "local", "storageos", "csi",
    ];

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "PersistentVolume",
        Plural = "persistentvolumes",
        Singular = "persistentvolume",
        Namespaced = false,
        ShortNames = ["pv"],
        Subresources = ["status"],
        StoragePrefix = "/registry/persistentvolumes",
        Strategy = new PersistentVolumeStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1PersistentVolume) },
    };

    /// <summary>Access modes as kubectl abbreviates them, in upstream's fixed order (RWO,ROX,RWX,RWOP).</summary>
    public static string ModesText(JsonArray? modes)
    {
        var set = modes.Strings().ToHashSet(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var (mode, abbreviation) in new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") })
        {
            if (set.Contains(mode))
            {
                parts.Add(abbreviation);
            }
        }
        return string.Join(",", parts);
    }

    /// <summary>The storage class: the legacy beta annotation wins over spec.storageClassName.</summary>
    public static string StorageClass(JsonObject obj) =>
        obj.Obj("metadata").Obj("annotations").Str("volume.beta.kubernetes.io/storage-class") ?? obj.Obj("spec").StrOrEmpty("storageClassName");

    public static string Storage(JsonObject? resources) =>
        resources?["storage"] is { } node && Quantity.TryParse(node, out var q) ? q.ToString() : "0";
}

/// <summary>
/// PersistentVolumes: reclaim policy Retain and volume mode Filesystem by default, born Pending;
/// deprecated fields and values (Recycle) are accepted with upstream's warnings.
/// </summary>
public sealed class PersistentVolumeStrategy : ResourceStrategy, IWarningStrategy
{
    public IReadOnlyList<string> WarningsOnCreate(JsonObject obj) => PersistentVolumeWarnings.For(obj);

    public IReadOnlyList<string> WarningsOnUpdate(JsonObject obj, JsonObject old) => PersistentVolumeWarnings.For(obj);

    public override bool HasStatus => true;

    public override bool TracksGeneration => false;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.DefaultString("persistentVolumeReclaimPolicy", "Retain");
        spec.DefaultString("volumeMode", "Filesystem");
    }

    public override void PrepareForCreate(JsonObject obj) =>
        obj["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["lastPhaseTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec") ?? [];
        var modes = spec.Arr("accessModes").Strings().ToList();
        if (modes.Count == 0)
        {
            errors.Add(FieldError.Required("spec.accessModes"));
        }
        foreach (var mode in modes.Where(m => !PersistentVolumes.AccessModes.Contains(m)))
        {
            errors.Add(FieldError.NotSupported("spec.accessModes", mode, PersistentVolumes.AccessModes));
        }
        if (modes.Contains("ReadWriteOncePod") && modes.Count > 1)
        {
            errors.Add(FieldError.Forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
        var capacity = spec.Obj("capacity");
        if (capacity is not { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.capacity"));
        }
        else
        {
            if (!capacity.ContainsKey("storage") || capacity.Count > 1)
            {
                errors.Add(FieldError.NotSupported("spec.capacity", GoValue.StringMap(capacity), ["storage"]));
            }
            foreach (var (name, node) in capacity)
            {
                var at = FieldPath.Key("spec.capacity", name);
                ResourceRequirementsValidation.ValidateResourceName(name, at, errors);
                if (ResourceRequirementsValidation.ParseQuantity(node, at, errors) is { } q)
                {
                    ResourceRequirementsValidation.ValidateQuantityValue(name, q, at, errors);
                }
            }
        }
        Validators.OneOf(spec.StrOrEmpty("persistentVolumeReclaimPolicy"), "spec.persistentVolumeReclaimPolicy", ["Delete", "Recycle", "Retain"], errors);
        if (spec.Str("storageClassName") is { Length: > 0 } storageClass)
        {
            Validators.Dns1123Subdomain(storageClass, "spec.storageClassName", errors);
        }
        if (spec.Str("volumeMode") is { } volumeMode)
        {
            Validators.OneOf(volumeMode, "spec.volumeMode", PersistentVolumes.VolumeModes, errors);
        }
        var sources = PersistentVolumes.Sources.Where(spec.Has).ToList();
        if (sources.Count == 0)
        {
            errors.Add(FieldError.Required("spec", "must specify a volume type"));
        }
        foreach (var extra in sources.Skip(1))
        {
            errors.Add(FieldError.Forbidden("spec." + extra, "may not specify more than 1 volume type"));
        }
        if (spec.Obj("hostPath") is { } hostPath && hostPath.StrOrEmpty("path").Length == 0)
        {
            errors.Add(FieldError.Required("spec.hostPath.path"));
        }
        else if (spec.Obj("hostPath") is { } root && IsRoot(root.StrOrEmpty("path")) && spec.Str("persistentVolumeReclaimPolicy") == "Recycle")
        {
            // The recycler would empty the node's whole filesystem.
            errors.Add(FieldError.Forbidden("spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'"));
        }
        if (spec.Obj("local") is { } local && local.StrOrEmpty("path").Length == 0)
        {
            errors.Add(FieldError.Required("spec.local.path"));
        }
        return errors;
    }

    /// <summary>Whether Go's path.Clean makes <paramref name="path"/> "/" (e.g. "//", "/a/..", "/.").</summary>
    internal static bool IsRoot(string path)
    {
        if (!path.StartsWith('/'))
        {
            return false;
        }
        var depth = 0;
        foreach (var segment in path.Split('/'))
        {
            depth = segment switch
            {
                "" or "." => depth,
                ".." => Math.Max(0, depth - 1),
                _ => depth + 1,
            };
        }
        return depth == 0;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec") ?? [];
        var oldSpec = old.Obj("spec") ?? [];
        var source = new JsonObject();
        var oldSource = new JsonObject();
        foreach (var kind in PersistentVolumes.Sources)
        {
            if (spec[kind] is { } s)
            {
                source[kind] = s.DeepClone();
            }
            if (oldSpec[kind] is { } o)
            {
                oldSource[kind] = o.DeepClone();
            }
        }
        if (!JsonFields.DeepEquals(source, oldSource))
        {
            errors.Add(FieldError.Forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation\n" + PodUpdateValidation.Diff(oldSource, source).Replace("core.PodSpec", "core.PersistentVolumeSource", StringComparison.Ordinal)));
        }
        if (spec.Str("volumeMode") != oldSpec.Str("volumeMode"))
        {
            errors.Add(FieldError.Invalid("volumeMode", spec.Str("volumeMode") ?? "null", "field is immutable"));
        }
        if (oldSpec["nodeAffinity"] is not null && !JsonFields.DeepEquals(spec["nodeAffinity"], oldSpec["nodeAffinity"]))
        {
            errors.Add(FieldError.Invalid("spec.nodeAffinity", "", "field is immutable"));
        }
        errors.AddRange(Validate(obj));
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Capacity", "string", "", ColumnDocs.PvCapacity, 0, (o, _) => PersistentVolumes.Storage(o.Obj("spec").Obj("capacity"))),
        new("Access Modes", "string", "", ColumnDocs.PvAccessModes, 0, (o, _) => PersistentVolumes.ModesText(o.Obj("spec").Arr("accessModes"))),
        new("Reclaim Policy", "string", "", ColumnDocs.PvReclaimPolicy, 0, (o, _) => o.Obj("spec").StrOrEmpty("persistentVolumeReclaimPolicy")),
        new("Status", "string", "", ColumnDocs.PvPhase, 0, (o, _) => TableFormat.IsDeleting(o) ? "Terminating" : o.Obj("status").StrOrEmpty("phase")),
        new("Claim", "string", "", ColumnDocs.PvClaimRef, 0,
            (o, _) => o.Obj("spec").Obj("claimRef") is { } claim ? $"{claim.StrOrEmpty("namespace")}/{claim.StrOrEmpty("name")}" : ""),
        new("StorageClass", "string", "", "StorageClass of the pv", 0, (o, _) => PersistentVolumes.StorageClass(o)),
        new("VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pv", 0,
            (o, _) => o.Obj("spec").Str("volumeAttributesClassName") ?? "<unset>"),
        new("Reason", "string", "", ColumnDocs.PvReason, 0, (o, _) => o.Obj("status").StrOrEmpty("reason")),
        TableColumn.AgeColumn,
        new("VolumeMode", "string", "", ColumnDocs.PvVolumeMode, 1, (o, _) => o.Obj("spec").Str("volumeMode") ?? "<unset>"),
    ];

    // Upstream keeps this legacy alias of metadata.name.
    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes) =>
        attributes["name"] = obj.Name();
}
