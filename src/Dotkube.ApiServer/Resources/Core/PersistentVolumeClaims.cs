using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 PersistentVolumeClaims.</summary>
public static class PersistentVolumeClaims
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "PersistentVolumeClaim",
        Plural = "persistentvolumeclaims",
        Singular = "persistentvolumeclaim",
        Namespaced = true,
        ShortNames = ["pvc"],
        Subresources = ["status"],
        StoragePrefix = "/registry/persistentvolumeclaims",
        Strategy = new PersistentVolumeClaimStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1PersistentVolumeClaim) },
    };

    /// <summary>Validates a claim spec at <paramref name="path"/> (also used for StatefulSet volumeClaimTemplates).</summary>
    public static void ValidateSpec(JsonObject? spec, string path, List<FieldError> errors)
    {
        spec ??= [];
        var modes = spec.Arr("accessModes").Strings().ToList();
        if (modes.Count == 0)
        {
            errors.Add(FieldError.Required(path + ".accessModes", "at least 1 access mode is required"));
        }
        foreach (var mode in modes.Where(m => !PersistentVolumes.AccessModes.Contains(m)))
        {
            errors.Add(FieldError.NotSupported(path + ".accessModes", mode, PersistentVolumes.AccessModes));
        }
        if (modes.Contains("ReadWriteOncePod") && modes.Count > 1)
        {
            errors.Add(FieldError.Forbidden(path + ".accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
        var storagePath = FieldPath.Key(path + ".resources", "storage");
        if (spec.Obj("resources").Obj("requests")?["storage"] is not { } storage)
        {
            errors.Add(FieldError.Required(storagePath));
        }
        else if (ResourceRequirementsValidation.ParseQuantity(storage, storagePath, errors) is { } q && q.Sign <= 0)
        {
            errors.Add(FieldError.Invalid(storagePath, q.ToString(), "must be greater than zero"));
        }
        if (spec.Str("storageClassName") is { Length: > 0 } storageClass)
        {
            Validators.Dns1123Subdomain(storageClass, path + ".storageClassName", errors);
        }
        if (spec.Str("volumeMode") is { } volumeMode)
        {
            Validators.OneOf(volumeMode, path + ".volumeMode", PersistentVolumes.VolumeModes, errors);
        }
    }
}

/// <summary>
/// PersistentVolumeClaims: volume mode Filesystem by default, born Pending; the spec is immutable
/// except binding (volumeName, once) and growing resources.requests.storage of a bound claim.
/// </summary>
public sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override bool TracksGeneration => false;

    public override void Default(JsonObject obj) => obj.EnsureObj("spec").DefaultString("volumeMode", "Filesystem");

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        PersistentVolumeClaims.ValidateSpec(obj.Obj("spec"), "spec", errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var spec = (JsonObject)(obj.Obj("spec") ?? []).DeepClone();
        var oldSpec = (JsonObject)(old.Obj("spec") ?? []).DeepClone();
        if (oldSpec.StrOrEmpty("volumeName").Length == 0)
        {
            // Binding sets volumeName once.
            oldSpec.Remove("volumeName");
            spec.Remove("volumeName");
        }
        if (oldSpec["storageClassName"] is null && old.Obj("metadata").Obj("annotations")?.ContainsKey("volume.beta.kubernetes.io/storage-class") != true
            && spec.Str("storageClassName") is { Length: > 0 })
        {
            // A claim without a class may be given one once (retroactive default class assignment, GA in 1.28).
            spec.Remove("storageClassName");
            oldSpec.Remove("storageClassName");
        }
        var newSize = Size(obj);
        var oldSize = Size(old);
        if (obj.Obj("status").Str("phase") == "Bound" && spec.Obj("resources")?.Obj("requests") is { } requests)
        {
            requests.Remove("storage");
            if (old.Obj("spec").Obj("resources").Obj("requests")?["storage"] is { } previous)
            {
                requests["storage"] = previous.DeepClone();
            }
        }
        if (!JsonFields.DeepEquals(spec, oldSpec))
        {
            errors.Add(FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests for bound claims\n"
                + PodUpdateValidation.Diff(oldSpec, spec).Replace("core.PodSpec", "core.PersistentVolumeClaimSpec", StringComparison.Ordinal)));
        }
        if (newSize is { } n && oldSize is { } o && n < o && n <= (StatusSize(old) ?? Quantity.Zero))
        {
            // 1.32 (RecoverVolumeExpansionFailure beta, on): a request may come back down after a
            // failed expansion, but never to status.capacity or below — volumes do not shrink.
            errors.Add(FieldError.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
        }
        if (obj.Obj("spec").Str("volumeMode") != old.Obj("spec").Str("volumeMode"))
        {
            errors.Add(FieldError.Invalid("volumeMode", obj.Obj("spec").Str("volumeMode") ?? "null", "field is immutable"));
        }
        errors.AddRange(Validate(obj));
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Status", "string", "", ColumnDocs.PvcPhase, 0, (o, _) => TableFormat.IsDeleting(o) ? "Terminating" : o.Obj("status").StrOrEmpty("phase")),
        new("Volume", "string", "", ColumnDocs.PvcVolumeName, 0, (o, _) => o.Obj("spec").StrOrEmpty("volumeName")),
        new("Capacity", "string", "", ColumnDocs.PvcCapacity, 0,
            (o, _) => o.Obj("spec").StrOrEmpty("volumeName").Length > 0 ? PersistentVolumes.Storage(o.Obj("status").Obj("capacity")) : ""),
        new("Access Modes", "string", "", ColumnDocs.PvcAccessModes, 0,
            (o, _) => o.Obj("spec").StrOrEmpty("volumeName").Length > 0 ? PersistentVolumes.ModesText(o.Obj("status").Arr("accessModes")) : ""),
        new("StorageClass", "string", "", "StorageClass of the pvc", 0, (o, _) => PersistentVolumes.StorageClass(o)),
        new("VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pvc", 0,
            (o, _) => o.Obj("spec").Str("volumeAttributesClassName") ?? "<unset>"),
        TableColumn.AgeColumn,
        new("VolumeMode", "string", "", ColumnDocs.PvcVolumeMode, 1, (o, _) => o.Obj("spec").Str("volumeMode") ?? "<unset>"),
    ];

    private static Quantity? StatusSize(JsonObject pvc) =>
        pvc.Obj("status").Obj("capacity")?["storage"] is { } node && Quantity.TryParse(node, out var q) ? q : null;

    private static Quantity? Size(JsonObject pvc) =>
        pvc.Obj("spec").Obj("resources").Obj("requests")?["storage"] is { } node && Quantity.TryParse(node, out var q) ? q : null;
}
