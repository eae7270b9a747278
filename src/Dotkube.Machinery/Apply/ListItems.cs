using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>Names the items of an associative list by their path elements (key values, or the value itself for sets).</summary>
internal static class ListItems
{
    public static List<(PathElement Element, JsonNode? Item)> Index(JsonArray? list, TypeSchema schema, FieldPath path, bool allowDuplicates)
    {
        var result = new List<(PathElement, JsonNode?)>();
        if (list is null)
        {
            return result;
        }
        var seen = new HashSet<PathElement>();
        for (var i = 0; i < list.Count; i++)
        {
            var pe = ElementFor(list[i], schema, path, i);
            if (!seen.Add(pe) && !allowDuplicates)
            {
                throw new ApplySchemaException($"{path}: duplicate entries for key {pe}");
            }
            result.Add((pe, list[i]));
        }
        return result;
    }

    public static PathElement ElementFor(JsonNode? item, TypeSchema schema, FieldPath path, int index)
    {
        if (schema.ListType == ListType.Map && schema.Keys.Count > 0)
        {
            if (item is not JsonObject obj)
            {
                throw new ApplySchemaException($"{path}: element {index}: associative list with keys may not have non-map elements");
            }
            var keys = new List<KeyValuePair<string, JsonNode?>>();
            foreach (var key in schema.Keys)
            {
                if (obj.TryGetPropertyValue(key, out var v) && v is not null)
                {
                    keys.Add(new(key, v));
                }
                else if (schema.KeyDefaultOf(key) is { } d)
                {
                    keys.Add(new(key, d.DeepClone()));
                }
                else
                {
                    throw new ApplySchemaException(
                        $"{path}: element {index}: associative list with keys has an element that omits key field \"{key}\" (and doesn't have default value)");
                }
            }
            return PathElement.Key(keys);
        }
        if (schema.ListType == ListType.Set || schema.ListType == ListType.Map)
        {
            return PathElement.ValueOf(item);
        }
        return PathElement.IndexOf(index);
    }
}
