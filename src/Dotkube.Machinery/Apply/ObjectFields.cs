using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// The field set an object sets, as upstream's ToFieldSet computes it: every leaf, every list item
/// and map entry, and struct fields that are null or empty objects.
/// </summary>
public static class ObjectFields
{
    /// <summary>The fields <paramref name="obj"/> sets.</summary>
    /// <param name="allowDuplicates">live objects may hold duplicate list keys; applied configurations may not.</param>
    /// <param name="rejectUnknown">
    /// validate as upstream validates an applied configuration against its type: fields a typed
    /// struct does not declare, and values of the wrong JSON type, are an <see cref="ApplySchemaException"/>
    /// listing every problem (<c>.spec.replicas: expected numeric (int or float), got string</c>).
    /// </param>
    public static FieldSet Of(JsonNode? obj, TypeSchema schema, bool allowDuplicates = false, bool rejectUnknown = false)
    {
        var set = new FieldSet();
        var problems = rejectUnknown ? new List<string>() : null;
        Walk(obj, schema, FieldPath.Root, set, allowDuplicates, problems);
        if (problems is { Count: > 0 })
        {
            // Upstream's ValidationErrors: one error alone, several under "errors:".
            throw new ApplySchemaException(problems.Count == 1 ? problems[0] : "errors:\n  " + string.Join("\n  ", problems));
        }
        return set;
    }

    private static void Walk(JsonNode? value, TypeSchema schema, FieldPath path, FieldSet set, bool allowDuplicates, List<string>? problems)
    {
        if (problems is not null && value is not null && TypeProblem(value, schema) is { } problem)
        {
            problems.Add($"{path}: {problem}");
            set.Insert(path);
            return;
        }
        if (schema.IsLeafFor(value, value))
        {
            set.Insert(path);
            return;
        }
        switch (value)
        {
            case JsonObject obj when schema.Kind != SchemaKind.List:
                foreach (var (key, child) in obj)
                {
                    var (childSchema, named) = schema.Child(key);
                    var childPath = path.Append(PathElement.Field(key));
                    if (problems is not null && !named && schema.Kind == SchemaKind.Struct && !schema.TakesUndeclaredKeys)
                    {
                        problems.Add($"{childPath}: field not declared in schema");
                        continue;
                    }
                    Walk(child, childSchema, childPath, set, allowDuplicates, problems);
                    if (child is null || child is JsonObject { Count: 0 } || !named)
                    {
                        set.Insert(childPath);
                    }
                }
                break;
            case JsonArray list when schema.Kind == SchemaKind.List:
                foreach (var (pe, item) in ListItems.Index(list, schema, path, allowDuplicates))
                {
                    var itemPath = path.Append(pe);
                    Walk(item, schema.Element ?? TypeSchema.Deduced, itemPath, set, allowDuplicates, problems);
                    set.Insert(itemPath);
                }
                break;
            case null:
                break;
            default:
                // A value of another shape than the schema says: it can only be owned whole.
                set.Insert(path);
                break;
        }
    }

    /// <summary>
    /// What upstream's typed validation says of a non-null value that does not fit its schema, in
    /// its words (Go's %T, %v and %#v of the unstructured value); null when it fits.
    /// </summary>
    private static string? TypeProblem(JsonNode value, TypeSchema schema)
    {
        var kind = value.GetValueKind();
        switch (schema.Kind)
        {
            case SchemaKind.Struct or SchemaKind.Map when kind != JsonValueKind.Object:
                return $"expected map, got &{{{GoV(value)}}}";
            case SchemaKind.List when kind != JsonValueKind.Array:
                return $"expected list, got &{{{GoV(value)}}}";
            case SchemaKind.Scalar:
                return schema.ScalarType switch
                {
                    ScalarType.Numeric when kind != JsonValueKind.Number => $"expected numeric (int or float), got {GoT(kind)}",
                    ScalarType.String when kind != JsonValueKind.String => $"expected string, got &value.valueUnstructured{{Value:{GoSharpV(value)}}}",
                    ScalarType.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => $"expected boolean, got &{{{GoV(value)}}}",
                    ScalarType.Untyped when kind is JsonValueKind.Object or JsonValueKind.Array => $"expected any scalar, got &{{{GoV(value)}}}",
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static string GoT(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Object => "map[string]interface {}",
        JsonValueKind.Array => "[]interface {}",
        _ => "float64",
    };

    /// <summary>Go's %v of a decoded JSON value (maps print with sorted keys).</summary>
    private static string GoV(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonObject o => "map[" + string.Join(" ", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{GoV(kv.Value)}")) + "]",
        JsonArray a => "[" + string.Join(" ", a.Select(GoV)) + "]",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => GoNumber(v),
        },
        _ => "",
    };

    /// <summary>Go's %#v of a decoded JSON value.</summary>
    private static string GoSharpV(JsonNode? node) => node switch
    {
        null => "interface {}(nil)",
        JsonObject o => "map[string]interface {}{" + string.Join(", ", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Quote(kv.Key)}:{GoSharpV(kv.Value)}")) + "}",
        JsonArray a => "[]interface {}{" + string.Join(", ", a.Select(GoSharpV)) + "}",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Quote(v.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => GoNumber(v),
        },
        _ => "",
    };

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    /// <summary>A JSON number as Go prints the float64 it decodes to (%v: shortest form, exponent from 1e21).</summary>
    private static string GoNumber(JsonValue v)
    {
        var d = v.GetValue<double>();
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
        {
            return d.ToString("0", CultureInfo.InvariantCulture);
        }
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        return r.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }
}
