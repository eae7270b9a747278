using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Storage;

/// <summary>storage.k8s.io/v1 storageclasses.</summary>
public static class StorageClassResource
{
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";
    public const string BetaDefaultClassAnnotation = "storageclass.beta.kubernetes.io/is-default-class";

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "storage.k8s.io",
        Versions = ["v1"],
        Kind = "StorageClass",
        Plural = "storageclasses",
        Singular = "storageclass",
        Namespaced = false,
        ShortNames = ["sc"],
        StoragePrefix = "/registry/storageclasses",
        Strategy = new StorageClassStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1StorageClass) },
    };
}

/// <summary>Defaults, validation (provisioner, parameters, reclaimPolicy and binding mode are fixed) and table.</summary>
public sealed class StorageClassStrategy : ResourceStrategy
{
    private const int MaxParameters = 512;
    private const int MaxParametersSize = 256 * 1024;

    public override void Default(JsonObject obj)
    {
        obj.DefaultString("reclaimPolicy", "Delete");
        obj.DefaultString("volumeBindingMode", "Immediate");
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var provisioner = obj.StrOrEmpty("provisioner");
        if (provisioner.Length == 0)
        {
            errors.Add(FieldError.Required("provisioner"));
        }
        else
        {
            var lower = provisioner.ToLowerInvariant();
            foreach (var msg in NameValidation.IsQualifiedName(lower))
            {
                errors.Add(FieldError.Invalid("provisioner", lower, msg));
            }
        }
        ValidateParameters(obj.Obj("parameters"), errors);
        var reclaim = obj.StrOrEmpty("reclaimPolicy");
        if (reclaim.Length > 0 && reclaim is not ("Delete" or "Retain"))
        {
            errors.Add(FieldError.NotSupported("reclaimPolicy", reclaim, ["Delete", "Retain"]));
        }
        if (obj.Str("volumeBindingMode") is not { } mode)
        {
            errors.Add(FieldError.Required("volumeBindingMode"));
        }
        else if (mode is not ("Immediate" or "WaitForFirstConsumer"))
        {
            errors.Add(FieldError.NotSupported("volumeBindingMode", mode, ["Immediate", "WaitForFirstConsumer"]));
        }
        return errors;
    }

    private static void ValidateParameters(JsonObject? parameters, List<FieldError> errors)
    {
        if (parameters is null)
        {
            return;
        }
        if (parameters.Count > MaxParameters)
        {
            errors.Add(FieldError.TooLong("parameters", "Provisioner Parameters exceeded max allowed", MaxParameters));
            return;
        }
        long size = 0;
        foreach (var (key, value) in parameters)
        {
            if (key.Length == 0)
            {
                errors.Add(FieldError.Invalid("parameters", key, "field can not be empty."));
            }
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(JsonFields.AsString(value) ?? "");
        }
        if (size > MaxParametersSize)
        {
            errors.Add(FieldError.TooLong("parameters", "", MaxParametersSize));
        }
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        if (!CommonValidation.SemanticEquals(obj["parameters"], old["parameters"]))
        {
            errors.Add(FieldError.Forbidden("parameters", "updates to parameters are forbidden."));
        }
        if (obj.StrOrEmpty("provisioner") != old.StrOrEmpty("provisioner"))
        {
            errors.Add(FieldError.Forbidden("provisioner", "updates to provisioner are forbidden."));
        }
        if (obj.StrOrEmpty("reclaimPolicy") != old.StrOrEmpty("reclaimPolicy"))
        {
            errors.Add(FieldError.Forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }
        CommonValidation.ImmutableString(obj, old, "volumeBindingMode", "volumeBindingMode", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn with { Cell = (o, _) => IsDefault(o) ? o.Name() + " (default)" : o.Name() },
        GroupColumns.Text("Provisioner", "provisioner indicates the type of the provisioner.", (o, _) => o.StrOrEmpty("provisioner")),
        GroupColumns.Text("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.",
            (o, _) => o.Str("reclaimPolicy") ?? "Delete"),
        GroupColumns.Text("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.",
            (o, _) => o.Str("volumeBindingMode") ?? "Immediate"),
        GroupColumns.Text("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand.",
            (o, _) => o.Bool("allowVolumeExpansion") ?? false),
        TableColumn.AgeColumn,
    ];

    /// <summary>upstream IsDefaultAnnotation: the GA or the beta annotation set to "true".</summary>
    public static bool IsDefault(JsonObject obj)
    {
        var annotations = obj.Obj("metadata").Obj("annotations");
        return annotations.Str(StorageClassResource.DefaultClassAnnotation) == "true"
            || annotations.Str(StorageClassResource.BetaDefaultClassAnnotation) == "true";
    }
}
