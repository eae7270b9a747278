using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// Merges an applied configuration into the live object: granular structs and maps merge key by
/// key, lists of type map and set merge item by item (by key or value), everything atomic is
/// replaced by the configuration's value. Fields the configuration does not mention stay.
/// </summary>
public static class ApplyMerge
{
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, TypeSchema schema) =>
        MergeAt(live, config, schema, FieldPath.Root);

    private static JsonNode? MergeAt(JsonNode? live, JsonNode? config, TypeSchema schema, FieldPath path)
    {
        if (live is null || config is null || schema.IsLeafFor(live, config)
            || !Comparison.Fits(live, schema) || !Comparison.Fits(config, schema) || live.GetValueKind() != config.GetValueKind())
        {
            return config?.DeepClone();
        }
        if (schema.Kind == SchemaKind.List)
        {
            return MergeList((JsonArray)live, (JsonArray)config, schema, path);
        }
        var result = (JsonObject)live.DeepClone();
        foreach (var (key, value) in (JsonObject)config)
        {
            var childPath = path.Append(PathElement.Field(key));
            result[key] = result.TryGetPropertyValue(key, out var existing)
                ? MergeAt(existing?.DeepClone(), value, schema.Child(key).Schema, childPath)
                : value?.DeepClone();
        }
        return result;
    }

    /// <summary>
    /// Upstream's item order: the configuration's items in its order; live-only items stay where
    /// they were relative to the items both share, and shared items follow the configuration's
    /// order.
    /// </summary>
    private static JsonArray MergeList(JsonArray live, JsonArray config, TypeSchema schema, FieldPath path)
    {
        var element = schema.Element ?? TypeSchema.Deduced;
        var lhs = ListItems.Index(live, schema, path, allowDuplicates: true);
        var rhs = ListItems.Index(config, schema, path, allowDuplicates: false);
        var lhsByPe = new Dictionary<PathElement, JsonNode?>();
        foreach (var (pe, item) in lhs)
        {
            lhsByPe.TryAdd(pe, item);
        }
        var rhsByPe = rhs.ToDictionary(r => r.Element, r => r.Item);
        var shared = new Queue<PathElement>(rhs.Select(r => r.Element).Where(lhsByPe.ContainsKey));
        PathElement? nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        void AdvanceShared(PathElement merged)
        {
            if (nextShared is not null && nextShared.Equals(merged))
            {
                nextShared = shared.Count > 0 ? shared.Dequeue() : null;
            }
        }
        var merged = new HashSet<PathElement>();
        var output = new JsonArray();
        JsonNode? Item(PathElement pe, JsonNode? l, JsonNode? r) => r is null && l is not null
            ? l.DeepClone()
            : MergeAt(l?.DeepClone(), r, element, path.Append(pe));

        int li = 0, ri = 0;
        while (li < lhs.Count || ri < rhs.Count)
        {
            if (li < lhs.Count && ri < rhs.Count)
            {
                var pe = lhs[li].Element;
                if (pe.Equals(rhs[ri].Element))
                {
                    merged.Add(pe);
                    output.Add(Item(pe, lhsByPe[pe], rhsByPe[pe]));
                    li++;
                    ri++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }
                if (rhsByPe.ContainsKey(pe) && nextShared is not null && !nextShared.Equals(pe))
                {
                    // A shared item, but not the next one the configuration wants: it comes later.
                    li++;
                    continue;
                }
            }
            if (li < lhs.Count)
            {
                var pe = lhs[li].Element;
                if (!rhsByPe.ContainsKey(pe))
                {
                    output.Add(lhs[li].Item?.DeepClone());
                    li++;
                    continue;
                }
                if (merged.Contains(pe))
                {
                    li++;
                    continue;
                }
            }
            if (ri < rhs.Count)
            {
                var pe = rhs[ri].Element;
                merged.Add(pe);
                output.Add(Item(pe, lhsByPe.GetValueOrDefault(pe), rhsByPe[pe]));
                ri++;
                AdvanceShared(pe);
            }
        }
        return output;
    }
}
