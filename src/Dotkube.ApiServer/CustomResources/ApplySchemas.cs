using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;
using k8s.Models;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The server-side apply schema of a custom resource, built from its CRD version's structural
/// schema as upstream builds the structured-merge-diff schema from the CRD's OpenAPI: objects
/// with properties are structs (undeclared keys refused, or deduced below
/// <c>x-kubernetes-preserve-unknown-fields</c>), objects with additionalProperties are maps,
/// objects with neither are free-form (deduced); <c>x-kubernetes-map-type: atomic</c> replaces
/// a struct or map whole; arrays follow <c>x-kubernetes-list-type</c> (atomic when unset) and
/// <c>x-kubernetes-list-map-keys</c>, with key defaults from the item schema; integers and
/// numbers are numeric, booleans boolean, strings string unless they carry a format (then
/// untyped, as upstream); int-or-string and untyped nodes are untyped or deduced. metadata is
/// ObjectMeta (at the root and in embedded resources), apiVersion and kind are strings.
/// </summary>
public static class ApplySchemas
{
    private static readonly TypeSchema ObjectMeta = TypeSchema.ForModel(typeof(V1ObjectMeta));

    /// <param name="preserveUnknownFields">the CRD's spec.preserveUnknownFields: every object keeps undeclared keys.</param>
    public static TypeSchema For(StructuralSchema? schema, bool preserveUnknownFields)
    {
        if (schema is null)
        {
            return TypeSchema.Deduced;
        }
        var preserve = preserveUnknownFields || schema.PreserveUnknownFields;
        var fields = Fields(schema, preserve);
        AddTypeMeta(fields);
        return TypeSchema.StructOf(fields, schema.MapType == "atomic", preserve ? TypeSchema.Deduced : null);
    }

    private static TypeSchema Build(StructuralSchema schema, bool preserve)
    {
        // Upstream's converter opts every node below x-kubernetes-preserve-unknown-fields in as well.
        preserve |= schema.PreserveUnknownFields;
        if (schema.IntOrString)
        {
            return TypeSchema.Scalar;
        }
        switch (schema.Type)
        {
            case "object":
                return Object(schema, preserve);
            case "array":
                return List(schema, preserve);
            case "integer" or "number":
                return TypeSchema.NumericScalar;
            case "boolean":
                return TypeSchema.BooleanScalar;
            case "string":
                // Upstream types a string with any format (date-time, byte excepted) as untyped.
                return schema.Format is null or "" or "byte" ? TypeSchema.StringScalar : TypeSchema.Scalar;
            case null or "":
                // Any type: judged from the value, a struct when it declares properties.
                return schema.Properties is { Count: > 0 } ? Object(schema, preserve: true) : TypeSchema.Deduced;
            default:
                return TypeSchema.Scalar;
        }
    }

    private static TypeSchema Object(StructuralSchema schema, bool preserve)
    {
        var atomic = schema.MapType == "atomic";
        if (schema.AdditionalProperties is { } values)
        {
            return TypeSchema.MapOf(Build(values, preserve), atomic);
        }
        if (schema.Properties is not { Count: > 0 } && !schema.EmbeddedResource)
        {
            // A free-form object: every key's value is deduced.
            return TypeSchema.MapOf(TypeSchema.Deduced, atomic);
        }
        var fields = Fields(schema, preserve);
        if (schema.EmbeddedResource)
        {
            AddTypeMeta(fields);
        }
        var others = preserve || schema.AdditionalPropertiesAllowed ? TypeSchema.Deduced : null;
        return TypeSchema.StructOf(fields, atomic, others);
    }

    private static Dictionary<string, TypeSchema> Fields(StructuralSchema schema, bool preserve)
    {
        var fields = new Dictionary<string, TypeSchema>(StringComparer.Ordinal);
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, StructuralSchema>())
        {
            fields[name] = Build(property, preserve);
        }
        return fields;
    }

    /// <summary>apiVersion, kind and metadata as the CRD's published OpenAPI declares them, whatever the schema says.</summary>
    private static void AddTypeMeta(Dictionary<string, TypeSchema> fields)
    {
        fields["apiVersion"] = TypeSchema.StringScalar;
        fields["kind"] = TypeSchema.StringScalar;
        fields["metadata"] = ObjectMeta;
    }

    private static TypeSchema List(StructuralSchema schema, bool preserve)
    {
        // An array without items is a list of untyped values.
        var item = schema.Items is { } items ? Build(items, preserve) : TypeSchema.Scalar;
        switch (schema.ListType)
        {
            case "set":
                return TypeSchema.ListOf(item, ListType.Set);
            case "map":
                var defaults = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
                foreach (var key in schema.ListMapKeys)
                {
                    if (schema.Items?.Properties?.GetValueOrDefault(key)?.Default is { } d)
                    {
                        defaults[key] = d.DeepClone();
                    }
                }
                return TypeSchema.ListOf(item, ListType.Map, schema.ListMapKeys, defaults);
            default:
                return TypeSchema.ListOf(item, ListType.Atomic);
        }
    }
}
