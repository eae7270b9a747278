using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 ConfigMaps.</summary>
public static class ConfigMaps
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "ConfigMap",
        Plural = "configmaps",
        Singular = "configmap",
        Namespaced = true,
        ShortNames = ["cm"],
        StoragePrefix = "/registry/configmaps",
        Strategy = new ConfigMapStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ConfigMap) },
    };
}

/// <summary>ConfigMaps: keys are config keys, at most 1 MiB in all, frozen once <c>immutable: true</c>.</summary>
public sealed class ConfigMapStrategy : ResourceStrategy
{
    public const int MaxSize = 1024 * 1024;
    public const string ImmutableWhenSet = "field is immutable when `immutable` is set";

    public override void Default(JsonObject obj) => Base64Data.RequireValid(obj, "binaryData", "ConfigMap");

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        long size = 0;
        var binary = obj.Obj("binaryData");
        foreach (var (key, value) in obj.Obj("data") ?? [])
        {
            foreach (var msg in NameValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Key("data", key), key, msg));
            }
            if (binary?.ContainsKey(key) == true)
            {
                errors.Add(FieldError.Invalid(FieldPath.Key("data", key), key, "duplicate of key present in binaryData"));
            }
            size += System.Text.Encoding.UTF8.GetByteCount(JsonFields.AsString(value) ?? "");
        }
        foreach (var (key, value) in binary ?? [])
        {
            foreach (var msg in NameValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Key("binaryData", key), key, msg));
            }
            size += Base64Data.DecodedLength(value);
        }
        if (size > MaxSize)
        {
            errors.Add(FieldError.TooLong("", null, MaxSize));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        ImmutableContent(obj, old, ["data", "binaryData"], errors);
        errors.AddRange(Validate(obj));
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Data", "string", "", ColumnDocs.ConfigMapData, 0,
            (o, _) => (long)((o.Obj("data")?.Count ?? 0) + (o.Obj("binaryData")?.Count ?? 0))),
        TableColumn.AgeColumn,
    ];

    /// <summary>Once <c>immutable: true</c> is stored, neither it nor the content fields may change.</summary>
    internal static void ImmutableContent(JsonObject obj, JsonObject old, string[] fields, List<FieldError> errors)
    {
        if (old.Bool("immutable") != true)
        {
            return;
        }
        if (obj.Bool("immutable") != true)
        {
            errors.Add(FieldError.Forbidden("immutable", ImmutableWhenSet));
        }
        foreach (var field in fields)
        {
            if (!JsonFields.DeepEquals(NullIfEmpty(obj[field]), NullIfEmpty(old[field])))
            {
                errors.Add(FieldError.Forbidden(field, ImmutableWhenSet));
            }
        }
    }

    private static JsonNode? NullIfEmpty(JsonNode? node) => node is JsonObject { Count: 0 } ? null : node;
}
