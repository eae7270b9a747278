using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// What changed from one version of an object to the next, as upstream's typed Compare reports it:
/// leaves added, modified or removed, and granular maps, structs and list items that appeared or
/// disappeared as a whole (this is where FieldsV1's <c>"."</c> markers come from).
/// </summary>
public sealed class Comparison
{
    public FieldSet Added { get; } = new();

    public FieldSet Modified { get; } = new();

    public FieldSet Removed { get; } = new();

    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    public static Comparison Of(JsonNode? before, JsonNode? after, TypeSchema schema)
    {
        var c = new Comparison();
        c.Walk(true, before, true, after, schema, FieldPath.Root);
        return c;
    }

    private void Walk(bool hasBefore, JsonNode? before, bool hasAfter, JsonNode? after, TypeSchema schema, FieldPath path)
    {
        if (schema.IsLeafFor(before, after) || !Fits(before, schema) || !Fits(after, schema))
        {
            Leaf(hasBefore, before, hasAfter, after, path);
            return;
        }
        if (schema.Kind == SchemaKind.List)
        {
            var b = ListItems.Index(before as JsonArray, schema, path, allowDuplicates: true);
            var a = ListItems.Index(after as JsonArray, schema, path, allowDuplicates: true);
            var beforeItems = First(b);
            var afterItems = First(a);
            foreach (var pe in beforeItems.Keys.Union(afterItems.Keys))
            {
                var inBefore = beforeItems.TryGetValue(pe, out var bi);
                var inAfter = afterItems.TryGetValue(pe, out var ai);
                Walk(inBefore, bi, inAfter, ai, schema.Element ?? TypeSchema.Deduced, path.Append(pe));
            }
        }
        else
        {
            var bo = before as JsonObject;
            var ao = after as JsonObject;
            var keys = (bo?.Select(p => p.Key) ?? []).Union(ao?.Select(p => p.Key) ?? [], StringComparer.Ordinal);
            foreach (var key in keys)
            {
                JsonNode? bv = null, av = null;
                var inBefore = bo?.TryGetPropertyValue(key, out bv) == true;
                var inAfter = ao?.TryGetPropertyValue(key, out av) == true;
                Walk(inBefore, bv, inAfter, av, schema.Child(key).Schema, path.Append(PathElement.Field(key)));
            }
        }
        if (path.Count > 0)
        {
            if (!hasBefore)
            {
                Added.Insert(path);
            }
            else if (!hasAfter)
            {
                Removed.Insert(path);
            }
        }
    }

    private void Leaf(bool hasBefore, JsonNode? before, bool hasAfter, JsonNode? after, FieldPath path)
    {
        if (!hasBefore)
        {
            Added.Insert(path);
        }
        else if (!hasAfter)
        {
            Removed.Insert(path);
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            Modified.Insert(path);
        }
    }

    /// <summary>Null fits any shape (it reads as empty); otherwise the JSON kind must match the schema's.</summary>
    internal static bool Fits(JsonNode? value, TypeSchema schema) => value switch
    {
        null => true,
        JsonArray => schema.Kind == SchemaKind.List,
        JsonObject => schema.Kind is SchemaKind.Struct or SchemaKind.Map or SchemaKind.Deduced,
        _ => false,
    };

    private static Dictionary<PathElement, JsonNode?> First(List<(PathElement Element, JsonNode? Item)> items)
    {
        var d = new Dictionary<PathElement, JsonNode?>();
        foreach (var (pe, item) in items)
        {
            d.TryAdd(pe, item);
        }
        return d;
    }
}
