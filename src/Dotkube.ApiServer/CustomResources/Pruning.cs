using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Drops fields a structural schema does not declare, as upstream prunes custom resources:
/// objects keep only their properties unless they preserve unknown fields or are maps; the root
/// and embedded resources always keep apiVersion, kind and metadata. Returns what it dropped, as
/// upstream's field validation reports it (<c>spec.foo</c>, <c>spec.items[0].bar</c>).
/// </summary>
public static class Pruning
{
    public static List<string> Prune(JsonObject obj, StructuralSchema schema)
    {
        var pruned = new List<string>();
        PruneObject(obj, schema, "", isRoot: true, pruned);
        return pruned;
    }

    private static void Walk(JsonNode? node, StructuralSchema schema, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject o:
                PruneObject(o, schema, path, isRoot: false, pruned);
                break;
            case JsonArray a when schema.Items is { } items:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], items, $"{path}[{i}]", pruned);
                }
                break;
        }
    }

    private static void PruneObject(JsonObject o, StructuralSchema schema, string path, bool isRoot, List<string> pruned)
    {
        var keepTypeMeta = isRoot || schema.EmbeddedResource;
        foreach (var key in o.Select(kv => kv.Key).ToList())
        {
            if (keepTypeMeta && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }
            var child = SchemaValidator.Join(path, key);
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var propertySchema))
            {
                Walk(o[key], propertySchema, child, pruned);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Walk(o[key], additional, child, pruned);
            }
            else if (!schema.PreserveUnknownFields && !schema.AdditionalPropertiesAllowed)
            {
                o.Remove(key);
                pruned.Add(child);
            }
        }
    }
}
