using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Patching;

public static partial class StrategicMergePatch
{
    /// <summary>What a diff leaves out and which directives it writes.</summary>
    private readonly record struct DiffOptions(
        bool SetElementOrder = false,
        bool IgnoreChangesAndAdditions = false,
        bool IgnoreDeletions = false,
        bool BuildRetainKeysDirective = false);

    /// <summary>
    /// The strategic merge patch that turns <paramref name="original"/> into <paramref name="modified"/>
    /// (upstream's CreateTwoWayMergePatch): merging lists by their keys with
    /// <c>$setElementOrder</c>, <c>$patch: delete</c> and <c>$deleteFromPrimitiveList</c> as needed.
    /// </summary>
    public static JsonObject CreateTwoWay(JsonObject original, JsonObject modified, Type? modelType)
    {
        try
        {
            return DiffMaps(original, modified, StrategicMergeSchema.For(modelType), new DiffOptions(SetElementOrder: true));
        }
        catch (PatchError e)
        {
            throw e.ToStatus();
        }
    }

    /// <summary>
    /// The patch <c>kubectl apply</c> sends (upstream's CreateThreeWayMergePatch with overwrite):
    /// everything in <paramref name="modified"/> that differs from <paramref name="current"/>, plus
    /// deletions of what <paramref name="original"/> (the last applied configuration) had and
    /// <paramref name="modified"/> dropped. Fields others set on the live object are left alone.
    /// </summary>
    public static JsonObject CreateThreeWay(JsonObject original, JsonObject modified, JsonObject current, Type? modelType)
    {
        var schema = StrategicMergeSchema.For(modelType);
        try
        {
            var delta = DiffMaps(current, modified, schema, new DiffOptions(SetElementOrder: true, IgnoreDeletions: true));
            var deletions = DiffMaps(original, modified, schema, new DiffOptions(SetElementOrder: true, IgnoreChangesAndAdditions: true));
            return MergeMap(deletions, delta, schema, MergeOptions.CombinePatches);
        }
        catch (PatchError e)
        {
            throw e.ToStatus();
        }
    }

    private static JsonObject DiffMaps(JsonObject original, JsonObject modified, StrategicMergeSchema schema, DiffOptions options)
    {
        var patch = new JsonObject();
        var retainKeys = new List<JsonNode?>();
        foreach (var (key, modifiedValue) in modified)
        {
            if (options.BuildRetainKeysDirective && modifiedValue is not null)
            {
                retainKeys.Add(JsonValue.Create(key));
            }
            if (!original.TryGetPropertyValue(key, out var originalValue))
            {
                if (!options.IgnoreChangesAndAdditions)
                {
                    patch[key] = modifiedValue?.DeepClone();
                }
                continue;
            }
            if (key == DirectiveMarker)
            {
                if (JsonNodes.Kind(originalValue) != GoKind.String || JsonNodes.Kind(modifiedValue) != GoKind.String)
                {
                    throw PatchError.Internal($"invalid value for special key: {DirectiveMarker}");
                }
                if (!JsonNodes.ScalarEquals(originalValue, modifiedValue))
                {
                    patch[key] = modifiedValue!.DeepClone();
                }
                continue;
            }
            if (JsonNodes.Kind(originalValue) != JsonNodes.Kind(modifiedValue))
            {
                if (!options.IgnoreChangesAndAdditions)
                {
                    patch[key] = modifiedValue?.DeepClone();
                }
                continue;
            }
            var (fact, child) = schema.Lookup(key);
            var strategy = NonRetainKeysStrategy(fact);
            switch (originalValue)
            {
                case JsonObject o:
                    if (strategy == "replace")
                    {
                        if (!options.IgnoreChangesAndAdditions)
                        {
                            patch[key] = modifiedValue!.DeepClone();
                        }
                        break;
                    }
                    var nested = DiffMaps(o, (JsonObject)modifiedValue!, child, options with { BuildRetainKeysDirective = fact?.RetainsKeys ?? false });
                    if (nested.Count > 0)
                    {
                        patch[key] = nested;
                    }
                    break;
                case JsonArray a when strategy == "merge":
                    var (add, delete, order) = DiffLists(a, (JsonArray)modifiedValue!, child, fact?.MergeKey ?? "",
                        options with { BuildRetainKeysDirective = fact?.RetainsKeys ?? false });
                    if (add.Count > 0)
                    {
                        patch[key] = new JsonArray([.. add]);
                    }
                    if (delete.Count > 0)
                    {
                        patch[DeleteFromPrimitiveListPrefix + "/" + key] = new JsonArray([.. delete]);
                    }
                    if (order.Count > 0)
                    {
                        patch[SetElementOrderPrefix + "/" + key] = new JsonArray([.. order]);
                    }
                    break;
                default:
                    if (!options.IgnoreChangesAndAdditions && !JsonNodes.DeepEquals(originalValue, modifiedValue))
                    {
                        patch[key] = modifiedValue?.DeepClone();
                    }
                    break;
            }
        }
        if (!options.IgnoreDeletions)
        {
            foreach (var (key, _) in original)
            {
                if (!modified.ContainsKey(key))
                {
                    patch[key] = null;
                }
            }
        }
        if (retainKeys.Count > 0 && (patch.Count > 0 || original.Any(kv => kv.Value is not null && !modified.ContainsKey(kv.Key))))
        {
            patch[RetainKeysDirective] = new JsonArray([.. SortScalars(retainKeys)]);
        }
        return patch;
    }

    private static (List<JsonNode?> Add, List<JsonNode?> Delete, List<JsonNode?> Order) DiffLists(
        JsonArray original, JsonArray modified, StrategicMergeSchema schema, string mergeKey, DiffOptions options)
    {
        if (original.Count == 0)
        {
            return modified.Count == 0 || options.IgnoreChangesAndAdditions ? ([], [], []) : ([.. modified.Select(m => m?.DeepClone())], [], []);
        }
        var kind = ElementKind([.. original], [.. modified], allowEmpty: false);
        if (kind == GoKind.Object)
        {
            var (patchList, deleteList) = DiffListsOfMaps(original, modified, schema, mergeKey, options);
            patchList = SortByOrder(patchList, [.. modified], mergeKey, kind);
            var orderSame = original.Count == modified.Count
                && original.Zip(modified).All(p => KeyEquals(p.First, p.Second, mergeKey));
            patchList.AddRange(deleteList);
            List<JsonNode?> order = [];
            if (options.SetElementOrder
                && ((!options.IgnoreChangesAndAdditions && (patchList.Count > 0 || !orderSame))
                    || (!options.IgnoreDeletions && patchList.Count > 0)))
            {
                order = [.. modified.Select(m => (JsonNode?)new JsonObject { [mergeKey] = ((JsonObject)m!)[mergeKey]?.DeepClone() })];
            }
            return (patchList, [], order);
        }
        var (add, delete) = DiffListsOfScalars(original, modified, options);
        add = SortByOrder(add, [.. modified], mergeKey, kind);
        List<JsonNode?> scalarOrder = [];
        if (options.SetElementOrder
            && ((!options.IgnoreDeletions && delete.Count > 0)
                || (!options.IgnoreChangesAndAdditions && !JsonNodes.DeepEquals(original, modified))))
        {
            scalarOrder = [.. modified.Select(m => m?.DeepClone())];
        }
        return (add, delete, scalarOrder);
    }

    /// <summary>Walks both lists sorted by their printed values: values only in one list are additions or deletions.</summary>
    private static (List<JsonNode?> Add, List<JsonNode?> Delete) DiffListsOfScalars(JsonArray original, JsonArray modified, DiffOptions options)
    {
        var o = SortScalars([.. original]);
        var m = SortScalars([.. modified]);
        var add = new List<JsonNode?>();
        var delete = new List<JsonNode?>();
        int i = 0, j = 0;
        while (i < o.Count || j < m.Count)
        {
            var cmp = i >= o.Count ? 1 : j >= m.Count ? -1 : string.CompareOrdinal(JsonNodes.GoFormat(o[i]), JsonNodes.GoFormat(m[j]));
            if (cmp == 0)
            {
                i++;
                j++;
            }
            else if (cmp < 0)
            {
                if (!options.IgnoreDeletions && !delete.Any(d => JsonNodes.ScalarEquals(d, o[i])))
                {
                    delete.Add(o[i]?.DeepClone());
                }
                i++;
            }
            else
            {
                if (!options.IgnoreChangesAndAdditions)
                {
                    add.Add(m[j]?.DeepClone());
                }
                j++;
            }
        }
        return (add, delete);
    }

    /// <summary>Walks both lists sorted by merge key: matched items diff recursively, others are added whole or deleted by key.</summary>
    private static (List<JsonNode?> Patch, List<JsonNode?> Delete) DiffListsOfMaps(
        JsonArray original, JsonArray modified, StrategicMergeSchema schema, string mergeKey, DiffOptions options)
    {
        var o = SortByMergeKey(original, mergeKey);
        var m = SortByMergeKey(modified, mergeKey);
        var patch = new List<JsonNode?>();
        var delete = new List<JsonNode?>();
        int i = 0, j = 0;
        while (i < o.Count || j < m.Count)
        {
            var cmp = i >= o.Count ? 1 : j >= m.Count ? -1 : string.CompareOrdinal(o[i].KeyText, m[j].KeyText);
            if (cmp == 0)
            {
                var nested = DiffMaps(o[i].Item, m[j].Item, schema, options);
                if (nested.Count > 0)
                {
                    nested[mergeKey] = m[j].Key?.DeepClone();
                    patch.Add(nested);
                }
                i++;
                j++;
            }
            else if (cmp > 0)
            {
                if (!options.IgnoreChangesAndAdditions)
                {
                    patch.Add(m[j].Item.DeepClone());
                }
                j++;
            }
            else
            {
                if (!options.IgnoreDeletions)
                {
                    delete.Add(new JsonObject { [mergeKey] = o[i].Key?.DeepClone(), [DirectiveMarker] = "delete" });
                }
                i++;
            }
        }
        return (patch, delete);
    }

    private static List<(JsonObject Item, JsonNode? Key, string KeyText)> SortByMergeKey(JsonArray list, string mergeKey)
    {
        var items = new List<(JsonObject, JsonNode?, string)>();
        foreach (var node in list)
        {
            if (node is not JsonObject map)
            {
                throw PatchError.Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(node)}");
            }
            if (!map.TryGetPropertyValue(mergeKey, out var key))
            {
                throw NoMergeKey(map, mergeKey);
            }
            items.Add((map, key, JsonNodes.GoFormat(key)));
        }
        return [.. items.OrderBy(t => t.Item3, StringComparer.Ordinal)];
    }

    /// <summary>Scalars ordered by how Go prints them (%v), as upstream sorts primitive lists.</summary>
    private static List<JsonNode?> SortScalars(IEnumerable<JsonNode?> items) =>
        [.. items.OrderBy(JsonNodes.GoFormat, StringComparer.Ordinal)];
}
