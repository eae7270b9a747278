using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Patching;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// Objects as upstream compares them: decoded into Go structs and encoded again, which writes
/// every non-pointer struct field (as <c>{}</c> when empty) and every slice or map field without
/// <c>omitempty</c> (as null). Comparing these shapes gives the same FieldsV1 as Kubernetes —
/// e.g. no <c>"."</c> on <c>f:spec</c> of a created Deployment, and <c>f:resources: {}</c> for a
/// container that did not set resources. The facts come from Data/go-zero-fields.tsv.
/// </summary>
public static class GoShape
{
    private static readonly Lazy<FrozenDictionary<string, (string Field, bool Struct)[]>> Table = new(Load);
    private static readonly ConcurrentDictionary<Type, (string Field, bool Struct)[]> ByModel = new();

    /// <summary>A copy of <paramref name="value"/> with the fields Go's encoding always writes filled in.</summary>
    public static JsonNode? Normalize(JsonNode? value, TypeSchema schema)
    {
        var copy = value?.DeepClone();
        Fill(copy, schema);
        return copy;
    }

    /// <summary>Fills in, in place, the fields Go's encoding always writes.</summary>
    internal static void Fill(JsonNode? value, TypeSchema schema)
    {
        switch (value)
        {
            case JsonObject obj when schema.Kind == SchemaKind.Struct && !schema.Atomic:
                if (schema.Model is { } model)
                {
                    foreach (var (field, isStruct) in ZeroFields(model))
                    {
                        if (!obj.ContainsKey(field))
                        {
                            obj[field] = isStruct ? new JsonObject() : null;
                        }
                    }
                }
                // Filling a child changes only the child, so the object itself can be walked as it is.
                foreach (var (key, child) in obj)
                {
                    Fill(child, schema.Child(key).Schema);
                }
                break;
            case JsonObject map when schema.Kind == SchemaKind.Map && schema.Element is { } element:
                foreach (var (_, child) in map)
                {
                    Fill(child, element);
                }
                break;
            case JsonArray list when schema.Kind == SchemaKind.List && schema.Element is { } item:
                foreach (var child in list)
                {
                    Fill(child, item);
                }
                break;
        }
    }

    private static (string Field, bool Struct)[] ZeroFields(Type model) => ByModel.GetOrAdd(model, m =>
    {
        if (!Table.Value.TryGetValue(m.Name, out var rows))
        {
            return [];
        }
        // Only fields the client models as objects are structs here; Time, Quantity and the like are scalars.
        return rows.Where(r => PatchFacts.GetField(m, r.Field) is { } f
                && (r.Struct ? f.Kind == ModelFieldKind.Object : f.Kind is ModelFieldKind.List or ModelFieldKind.Map))
            .ToArray();
    });

    private static FrozenDictionary<string, (string, bool)[]> Load()
    {
        using var stream = typeof(GoShape).Assembly.GetManifestResourceStream("Dotkube.Machinery.go-zero-fields.tsv")
            ?? throw new InvalidOperationException("the go-zero-fields table is not embedded");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<string, List<(string, bool)>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var cols = line.Split('\t');
            if (cols.Length != 3 || cols[2] is not ("struct" or "null"))
            {
                throw new InvalidDataException($"go-zero-fields.tsv: bad line: {line}");
            }
            if (!rows.TryGetValue(cols[0], out var list))
            {
                rows[cols[0]] = list = [];
            }
            list.Add((cols[1], cols[2] == "struct"));
        }
        return rows.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }
}
