using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// Removes from a merged object what an applier applied last time and no longer applies, unless
/// some manager (the applier's new configuration included) still owns it. A struct field that
/// has owned fields below it counts as owned itself (upstream's EnsureNamedFieldsAreMembers), so
/// dropping one map key never takes away the struct that holds it.
/// </summary>
public static class Pruner
{
    public static void Prune(JsonNode? merged, FieldSet lastApplied, FieldSet owned, TypeSchema schema)
    {
        if (lastApplied.IsEmpty)
        {
            return;
        }
        Walk(merged, lastApplied, owned, schema, FieldPath.Root, underLast: false);
    }

    private static void Walk(JsonNode? node, FieldSet last, FieldSet owned, TypeSchema schema, FieldPath path, bool underLast)
    {
        if (node is null || schema.IsLeafFor(node, node))
        {
            return;
        }
        foreach (var (pe, childSchema, named, child) in Children(node, schema, path))
        {
            var inLast = last.HasMember(pe) || (named && last.HasChildren(pe));
            var isOwned = owned.HasMember(pe) || (named && owned.HasChildren(pe));
            if (inLast || underLast)
            {
                if (!isOwned)
                {
                    if (inLast)
                    {
                        Remove(node, pe, schema);
                    }
                    else
                    {
                        RemoveAllIn(child, last.WithPrefix(pe), childSchema, path.Append(pe));
                    }
                    continue;
                }
                Walk(child, last.WithPrefix(pe), owned.WithPrefix(pe), childSchema, path.Append(pe), underLast: true);
            }
            else if (last.HasChildren(pe))
            {
                Walk(child, last.WithPrefix(pe), owned.WithPrefix(pe), childSchema, path.Append(pe), underLast: false);
            }
        }
    }

    /// <summary>Removes the topmost places below <paramref name="node"/> that <paramref name="last"/> names.</summary>
    private static void RemoveAllIn(JsonNode? node, FieldSet last, TypeSchema schema, FieldPath path)
    {
        if (node is null || last.IsEmpty || schema.IsLeafFor(node, node))
        {
            return;
        }
        foreach (var (pe, childSchema, named, child) in Children(node, schema, path))
        {
            if (last.HasMember(pe) || (named && last.HasChildren(pe)))
            {
                Remove(node, pe, schema);
            }
            else if (last.HasChildren(pe))
            {
                RemoveAllIn(child, last.WithPrefix(pe), childSchema, path.Append(pe));
            }
        }
    }

    private static List<(PathElement Element, TypeSchema Schema, bool Named, JsonNode? Value)> Children(JsonNode node, TypeSchema schema, FieldPath path)
    {
        var result = new List<(PathElement, TypeSchema, bool, JsonNode?)>();
        if (node is JsonObject obj && schema.Kind != SchemaKind.List)
        {
            foreach (var (key, value) in obj)
            {
                var (childSchema, named) = schema.Child(key);
                result.Add((PathElement.Field(key), childSchema, named, value));
            }
        }
        else if (node is JsonArray list && schema.Kind == SchemaKind.List)
        {
            foreach (var (pe, item) in ListItems.Index(list, schema, path, allowDuplicates: true))
            {
                result.Add((pe, schema.Element ?? TypeSchema.Deduced, false, item));
            }
        }
        return result;
    }

    private static void Remove(JsonNode parent, PathElement pe, TypeSchema schema)
    {
        if (parent is JsonObject obj && pe.Kind == PathElementKind.Field)
        {
            obj.Remove(pe.FieldName!);
            return;
        }
        if (parent is JsonArray list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var item = list[i];
                var matches = pe.Kind switch
                {
                    PathElementKind.Key => pe.KeyFields!.All(k => item is JsonObject o
                        && (o[k.Key] is { } v ? JsonNode.DeepEquals(v, k.Value) : schema.KeyDefaultOf(k.Key) is { } d && JsonNode.DeepEquals(d, k.Value))),
                    PathElementKind.Value => JsonNode.DeepEquals(item, pe.Value),
                    _ => i == pe.Index,
                };
                if (matches)
                {
                    list.RemoveAt(i);
                }
            }
        }
    }
}
