using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Namespaces.</summary>
public static class Namespaces
{
    public const string KubernetesFinalizer = "kubernetes";
    public const string MetadataNameLabel = "kubernetes.io/metadata.name";

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Namespace",
        Plural = "namespaces",
        Singular = "namespace",
        Namespaced = false,
        ShortNames = ["ns"],
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
        Subresources = ["status", "finalize"],
        ReturnDeletedObject = true,
        StoragePrefix = "/registry/namespaces",
        Strategy = new NamespaceStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Namespace) },
    };

    /// <summary>
    /// The /finalize subresource: the stored namespace with only spec.finalizers taken from the
    /// request (upstream's finalize strategy). Validate the result with <see cref="ValidateFinalize"/>.
    /// </summary>
    public static JsonObject ApplyFinalize(JsonObject request, JsonObject stored)
    {
        var result = (JsonObject)stored.DeepClone();
        var spec = result.EnsureObj("spec");
        spec.Remove("finalizers");
        if (request.Obj("spec")?["finalizers"] is { } finalizers)
        {
            spec["finalizers"] = finalizers.DeepClone();
        }
        return result;
    }

    public static IReadOnlyList<FieldError> ValidateFinalize(JsonObject ns)
    {
        var errors = new List<FieldError>();
        NamespaceStrategy.ValidateFinalizers(ns, errors);
        return errors;
    }

    /// <summary>What a delete of a namespace does first: mark it Terminating (the namespace controller then empties it).</summary>
    public static void MarkTerminating(JsonObject ns) => ns.EnsureObj("status")["phase"] = "Terminating";
}

/// <summary>
/// Namespaces: names are DNS-1123 labels; every namespace carries the "kubernetes" finalizer and
/// its own name as the kubernetes.io/metadata.name label; status starts Active.
/// </summary>
public sealed class NamespaceStrategy : ResourceStrategy, IDeletionStrategy
{
    /// <summary>A namespace with spec.finalizers left stays, Terminating, until the namespace controller finalizes it.</summary>
    public bool KeepOnDelete(JsonObject obj)
    {
        if (obj.Obj("spec").Arr("finalizers") is not { Count: > 0 })
        {
            return false;
        }
        Namespaces.MarkTerminating(obj);
        return true;
    }

    public override bool HasStatus => true;

    public override bool TracksGeneration => false;

    public override IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1123Label(name);

    public override void Default(JsonObject obj)
    {
        var name = obj.Name();
        if (name.Length > 0)
        {
            obj.EnsureObj("metadata").EnsureObj("labels")[Namespaces.MetadataNameLabel] = name;
        }
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        var spec = obj.EnsureObj("spec");
        var finalizers = spec.Arr("finalizers");
        if (finalizers is null)
        {
            spec["finalizers"] = new JsonArray(Namespaces.KubernetesFinalizer);
        }
        else if (!finalizers.Strings().Contains(Namespaces.KubernetesFinalizer))
        {
            finalizers.Add(Namespaces.KubernetesFinalizer);
        }
        // Names generated from generateName are known only now.
        Default(obj);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        // Finalizers change only through /finalize.
        var spec = obj.EnsureObj("spec");
        spec.Remove("finalizers");
        if (old.Obj("spec")?["finalizers"] is { } finalizers)
        {
            spec["finalizers"] = finalizers.DeepClone();
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        ValidateFinalizers(obj, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var phase = obj.Obj("status").StrOrEmpty("phase");
        if (!TableFormat.IsDeleting(obj))
        {
            if (phase != "Active")
            {
                errors.Add(FieldError.Invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
            }
        }
        else if (phase != "Terminating")
        {
            errors.Add(FieldError.Invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Status", "string", "", "The status of the namespace", 0, (o, _) => o.Obj("status").StrOrEmpty("phase")),
        TableColumn.AgeColumn,
    ];

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
        attributes["status.phase"] = obj.Obj("status").StrOrEmpty("phase");
        // Upstream keeps this legacy alias of metadata.name.
        attributes["name"] = obj.Name();
    }

    internal static void ValidateFinalizers(JsonObject ns, List<FieldError> errors)
    {
        foreach (var finalizer in ns.Obj("spec").Arr("finalizers").Strings())
        {
            var msgs = NameValidation.IsQualifiedName(finalizer);
            foreach (var msg in msgs)
            {
                errors.Add(FieldError.Invalid("spec.finalizers", finalizer, msg));
            }
            if (!finalizer.Contains('/') && finalizer != Namespaces.KubernetesFinalizer)
            {
                errors.Add(FieldError.Invalid("spec.finalizers", finalizer, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
    }
}
