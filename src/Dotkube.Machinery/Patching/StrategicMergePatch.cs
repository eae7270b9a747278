using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) for built-in types: like
/// a merge patch, but lists whose field says <c>patchStrategy: merge</c> merge item by item (by
/// their merge key, or as sets for primitives), and the directives <c>$patch</c>,
/// <c>$retainKeys</c>, <c>$setElementOrder/field</c> and <c>$deleteFromPrimitiveList/field</c> apply.
/// Fields without facts (and unknown types) get plain merge semantics: lists are replaced whole.
/// </summary>
public static partial class StrategicMergePatch
{
    private const string DirectiveMarker = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

    /// <summary>
    /// How a merge treats directives and nulls: applying a patch to an object consumes them
    /// (<see cref="ApplyToObject"/>); merging two patches, as the three-way diff does, keeps them.
    /// </summary>
    private readonly record struct MergeOptions(bool MergeParallelList, bool IgnoreUnmatchedNulls)
    {
        public static readonly MergeOptions ApplyToObject = new(true, true);
        public static readonly MergeOptions CombinePatches = new(false, false);
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="original"/>, walking <paramref name="modelType"/> (e.g. typeof(V1Pod)).</summary>
    /// <exception cref="StatusException">400 for malformed directives, 422 for lists of lists, 500 (no reason) for other failures, as upstream.</exception>
    public static JsonObject Apply(JsonObject original, JsonObject patch, Type? modelType)
    {
        var doc = (JsonObject)original.DeepClone();
        var p = (JsonObject)patch.DeepClone();
        try
        {
            var merged = MergeMap(doc, p, StrategicMergeSchema.For(modelType), MergeOptions.ApplyToObject);
            StripDirectiveKeys(merged);
            return merged;
        }
        catch (PatchError e)
        {
            throw e.ToStatus();
        }
    }

    private static JsonObject MergeMap(JsonObject original, JsonObject patch, StrategicMergeSchema schema, MergeOptions options)
    {
        if (patch.TryGetPropertyValue(DirectiveMarker, out var directive))
        {
            if (IsString(directive, "replace"))
            {
                patch.Remove(DirectiveMarker);
                return patch;
            }
            if (IsString(directive, "delete"))
            {
                return [];
            }
            throw PatchError.BadRequest($"unknown patch type: {JsonNodes.GoFormat(directive)} in map: {JsonNodes.GoFormat(patch)}");
        }

        ApplyRetainKeys(original, patch, options);
        ApplySetElementOrders(original, patch, schema, options);

        foreach (var (patchKey, patchValue) in patch.ToList())
        {
            var key = patchKey;
            var isDeleteList = false;
            if (patchKey.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                if (!options.MergeParallelList)
                {
                    // Combining patches: the deletion list stays a directive of the result.
                    original[patchKey] = patchValue?.DeepClone();
                    continue;
                }
                key = ExtractKey(patchKey, DeleteFromPrimitiveListPrefix);
                isDeleteList = true;
            }
            if (patchValue is null)
            {
                original.Remove(key);
                if (!options.IgnoreUnmatchedNulls)
                {
                    // Combining patches: a null still means "delete" in the combined patch.
                    original[key] = null;
                }
                continue;
            }
            if (!original.TryGetPropertyValue(key, out var originalValue)
                || JsonNodes.Kind(originalValue) != JsonNodes.Kind(patchValue))
            {
                // New values (and values of another type) go in as written, minus nulls and deleted items.
                if (!isDeleteList)
                {
                    SetCleaned(original, key, patchValue, options);
                }
                continue;
            }
            var (fact, child) = schema.Lookup(key);
            var strategy = NonRetainKeysStrategy(fact);
            switch (originalValue)
            {
                case JsonObject originalObject when strategy != "replace":
                    // Merged in place, so the key keeps its position; directives may hand back another object.
                    var merged = MergeMap(originalObject, (JsonObject)patchValue, child, options);
                    if (!ReferenceEquals(merged, originalObject))
                    {
                        original[key] = merged.Parent is null ? merged : merged.DeepClone();
                    }
                    break;
                case JsonArray originalArray when strategy == "merge" || isDeleteList:
                    original[key] = MergeList(originalArray, (JsonArray)patchValue.DeepClone(), child, fact?.MergeKey ?? "", isDeleteList, options);
                    break;
                default:
                    original[key] = patchValue.DeepClone();
                    break;
            }
        }
        return original;
    }

    /// <summary><c>$retainKeys</c>: the patch may only set listed keys, and unlisted keys leave the original.</summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch, MergeOptions options)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retain))
        {
            return;
        }
        patch.Remove(RetainKeysDirective);
        if (!options.MergeParallelList)
        {
            // Combining patches: both sides must agree on the directive, which is carried over.
            if (original.TryGetPropertyValue(RetainKeysDirective, out var existing))
            {
                if (!JsonNodes.DeepEquals(existing, retain))
                {
                    throw PatchError.Internal($"{JsonNodes.GoFormat(existing)} and {JsonNodes.GoFormat(retain)} are not deep equal: this may happen when calculating the 3-way diff patch");
                }
            }
            else
            {
                original[RetainKeysDirective] = retain;
            }
            return;
        }
        if (retain is not JsonArray list)
        {
            throw PatchError.BadRequest("invalid patch format of retainKeys");
        }
        var keep = new HashSet<string>(list.Where(v => JsonNodes.Kind(v) == GoKind.String).Select(v => v!.GetValue<string>()), StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (!keep.Contains(key))
            {
                throw PatchError.BadRequest("invalid patch format of retainKeys");
            }
        }
        foreach (var key in original.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// <c>$setElementOrder/field</c>: merge the field's list as usual, then order the items the patch
    /// names as it lists them, keeping server-only items in their places relative to the original.
    /// </summary>
    private static void ApplySetElementOrders(JsonObject original, JsonObject patch, StrategicMergeSchema schema, MergeOptions options)
    {
        foreach (var (directiveKey, orderValue) in patch.ToList())
        {
            if (!directiveKey.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (!options.MergeParallelList)
            {
                // Combining patches: the order directive is carried into the result (and must agree).
                if (original.TryGetPropertyValue(directiveKey, out var existing))
                {
                    if (!JsonNodes.DeepEquals(existing, orderValue))
                    {
                        throw PatchError.BadRequest("invalid patch format of setElementOrder list");
                    }
                }
                else
                {
                    original[directiveKey] = orderValue?.DeepClone();
                }
            }
            patch.Remove(directiveKey);
            if (orderValue is not JsonArray order)
            {
                throw PatchError.Internal($"expected a []interface {{}}, but received a {GoTypeName(orderValue)}");
            }
            var key = ExtractKey(directiveKey, SetElementOrderPrefix);
            var foundOriginal = original.TryGetPropertyValue(key, out var originalList);
            var foundPatch = patch.TryGetPropertyValue(key, out var patchList);
            if (foundOriginal && originalList is not JsonArray)
            {
                throw PatchError.Internal($"expected a []interface {{}}, but received a {GoTypeName(originalList)}");
            }
            if (foundPatch && patchList is not JsonArray)
            {
                throw PatchError.Internal($"expected a []interface {{}}, but received a {GoTypeName(patchList)}");
            }
            var (fact, child) = schema.Lookup(key);
            var mergeKey = fact?.MergeKey ?? "";
            if (foundPatch)
            {
                ValidateAgainstOrder((JsonArray)patchList!, order, mergeKey);
            }
            // Snapshots: the original order is needed after the lists have been merged.
            List<JsonNode?> originalItems = foundOriginal ? [.. (JsonArray)originalList!] : [];
            List<JsonNode?> patchItems = foundPatch ? [.. (JsonArray)patchList!] : [];

            JsonArray merged;
            switch (foundOriginal, foundPatch)
            {
                case (true, false):
                    merged = (JsonArray)originalList!;
                    break;
                case (false, true):
                    merged = (JsonArray)RemoveDirectives(Detach((JsonArray)patchList!))!;
                    break;
                case (true, true):
                    merged = NonRetainKeysStrategy(fact) == "merge"
                        ? MergeList((JsonArray)originalList!, (JsonArray)patchList!, child, mergeKey, isDeleteList: false, options)
                        : Detach((JsonArray)patchList!);
                    break;
                default:
                    continue;
            }

            var kind = ElementKind(originalItems, patchItems, allowEmpty: true);
            var (named, serverOnly) = Partition([.. DetachAll(merged)], [.. order], mergeKey, kind);
            original[key] = new JsonArray([.. NormalizeOrder(named, serverOnly, [.. order], originalItems, mergeKey, kind)]);
            patch.Remove(key);
        }
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, StrategicMergeSchema schema, string mergeKey, bool isDeleteList, MergeOptions options)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return [];
        }
        var kind = ElementKind([.. original], [.. patch], allowEmpty: false);
        List<JsonNode?> originalItems = [.. DetachAll(original)];
        List<JsonNode?> patchItems = [.. DetachAll(patch)];
        List<JsonNode?> merged;
        if (kind != GoKind.Object)
        {
            if (isDeleteList && options.MergeParallelList)
            {
                return new JsonArray([.. originalItems.Where(o => !patchItems.Any(p => JsonNodes.ScalarEquals(o, p)))]);
            }
            merged = [];
            foreach (var item in originalItems.Concat(patchItems))
            {
                if (!merged.Any(m => JsonNodes.ScalarEquals(m, item)))
                {
                    merged.Add(item);
                }
            }
        }
        else
        {
            if (mergeKey.Length == 0)
            {
                throw PatchError.Internal("cannot merge lists without merge key for struct");
            }
            (originalItems, patchItems) = ApplyListDirectives(originalItems, patchItems, mergeKey);
            merged = MergeByKey(originalItems, patchItems, mergeKey, schema, options);
        }
        var (inPatch, serverOnly) = Partition(merged, patchItems, mergeKey, kind);
        return new JsonArray([.. NormalizeOrder(inPatch, serverOnly, patchItems, originalItems, mergeKey, kind)]);
    }

    /// <summary>Items with <c>$patch: delete</c> remove their match; <c>$patch: replace</c> makes the rest of the patch the whole list.</summary>
    private static (List<JsonNode?> Original, List<JsonNode?> Patch) ApplyListDirectives(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey)
    {
        var rest = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(DirectiveMarker, out var directive))
            {
                rest.Add(item);
                continue;
            }
            if (IsString(directive, "delete"))
            {
                if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
                {
                    throw NoMergeKey(map, mergeKey);
                }
                original = [.. original.Where(o => !(o is JsonObject om && om.TryGetPropertyValue(mergeKey, out var ov) && JsonNodes.ScalarEquals(ov, keyValue)))];
            }
            else if (IsString(directive, "replace"))
            {
                replace = true;
            }
            else if (IsString(directive, "merge"))
            {
                throw PatchError.Internal("merging lists cannot yet be specified in the patch");
            }
            else
            {
                throw PatchError.BadRequest($"unknown patch type: {JsonNodes.GoFormat(directive)} in map: {JsonNodes.GoFormat(map)}");
            }
        }
        return replace ? (rest, []) : (original, rest);
    }

    private static List<JsonNode?> MergeByKey(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, StrategicMergeSchema schema, MergeOptions options)
    {
        var result = new List<JsonNode?>(original);
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
            {
                throw NoMergeKey(map, mergeKey);
            }
            var index = FindByKey(result, mergeKey, keyValue);
            if (index >= 0)
            {
                result[index] = MergeMap((JsonObject)result[index]!, map, schema, options);
            }
            else
            {
                // Upstream appends the item as written; its nulls would vanish in the typed decode.
                if (options.IgnoreUnmatchedNulls)
                {
                    DiscardNulls(map);
                }
                result.Add(map);
            }
        }
        return result;
    }

    private static int FindByKey(List<JsonNode?> list, string mergeKey, JsonNode? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject map)
            {
                throw PatchError.Internal($"value for key {i} is not a map");
            }
            if (map.TryGetPropertyValue(mergeKey, out var v) && JsonNodes.ScalarEquals(v, value))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Splits merged items into those the order list names and the server-only rest.</summary>
    private static (List<JsonNode?> Named, List<JsonNode?> ServerOnly) Partition(List<JsonNode?> merged, IReadOnlyList<JsonNode?> by, string mergeKey, GoKind kind)
    {
        var named = new List<JsonNode?>();
        var serverOnly = new List<JsonNode?>();
        foreach (var item in merged)
        {
            bool found;
            if (mergeKey.Length == 0 || kind != GoKind.Object)
            {
                found = by.Any(b => JsonNodes.ScalarEquals(b, item));
            }
            else
            {
                if (item is not JsonObject map)
                {
                    throw PatchError.Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(item)}");
                }
                if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
                {
                    throw NoMergeKey(map, mergeKey);
                }
                found = by.Any(b => b is JsonObject bm && bm.TryGetPropertyValue(mergeKey, out var bv) && JsonNodes.ScalarEquals(bv, keyValue));
            }
            (found ? named : serverOnly).Add(item);
        }
        return (named, serverOnly);
    }

    /// <summary>
    /// Orders patch items by the patch (or $setElementOrder) order and server-only items by the
    /// original order, then interleaves them: a server-only item goes first only when both appear in
    /// the original and it came earlier there. So new items lead, as upstream.
    /// </summary>
    private static List<JsonNode?> NormalizeOrder(List<JsonNode?> patchItems, List<JsonNode?> serverOnly,
        IReadOnlyList<JsonNode?> patchOrder, IReadOnlyList<JsonNode?> serverOrder, string mergeKey, GoKind kind)
    {
        var sortedPatch = SortByOrder(patchItems, patchOrder, mergeKey, kind);
        var sortedServer = SortByOrder(serverOnly, serverOrder, mergeKey, kind);
        var result = new List<JsonNode?>(sortedPatch.Count + sortedServer.Count);
        int i = 0, j = 0;
        while (i < sortedServer.Count || j < sortedPatch.Count)
        {
            if (j >= sortedPatch.Count)
            {
                result.Add(sortedServer[i++]);
            }
            else if (i >= sortedServer.Count)
            {
                result.Add(sortedPatch[j++]);
            }
            else
            {
                var li = IndexIn(serverOrder, sortedServer[i], mergeKey, kind);
                var ri = IndexIn(serverOrder, sortedPatch[j], mergeKey, kind);
                result.Add(li >= 0 && ri >= 0 && li < ri ? sortedServer[i++] : sortedPatch[j++]);
            }
        }
        return result;
    }

    private static List<JsonNode?> SortByOrder(List<JsonNode?> items, IReadOnlyList<JsonNode?> order, string mergeKey, GoKind kind)
    {
        var toDelete = new List<JsonNode?>();
        var toSort = items;
        if (kind == GoKind.Object)
        {
            foreach (var item in items.Concat(order))
            {
                if (item is not JsonObject map)
                {
                    throw PatchError.Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(item)}");
                }
                if (!map.ContainsKey(mergeKey))
                {
                    throw NoMergeKey(map, mergeKey);
                }
            }
            toSort = [.. items.Where(i => !IsDeleteDirective(i))];
            toDelete = [.. items.Where(IsDeleteDirective)];
        }
        // A stable sort by position in the order list; items not in it keep their relative place at the end.
        var sorted = toSort
            .Select((item, n) => (item, n, at: IndexIn(order, item, mergeKey, kind)))
            .OrderBy(t => t.at < 0 ? int.MaxValue : t.at)
            .ThenBy(t => t.n)
            .Select(t => t.item)
            .ToList();
        sorted.AddRange(toDelete);
        return sorted;
    }

    private static int IndexIn(IReadOnlyList<JsonNode?> list, JsonNode? item, string mergeKey, GoKind kind)
    {
        var value = kind == GoKind.Object ? (item as JsonObject)?[mergeKey] : item;
        for (var i = 0; i < list.Count; i++)
        {
            var candidate = kind == GoKind.Object ? (list[i] as JsonObject)?[mergeKey] : list[i];
            if (JsonNodes.ScalarEquals(candidate, value))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The patch items must appear in the same relative order as in $setElementOrder.</summary>
    private static void ValidateAgainstOrder(JsonArray patchItems, JsonArray order, string mergeKey)
    {
        if (order.Count == 0 || patchItems.Count == 0)
        {
            return;
        }
        var nonDelete = mergeKey.Length > 0 ? patchItems.Where(p => !IsDeleteDirective(p)).ToList() : [.. patchItems];
        int pi = 0, oi = 0;
        while (pi < nonDelete.Count && oi < order.Count)
        {
            if (nonDelete[pi] is JsonObject m && m.ContainsKey(DirectiveMarker))
            {
                pi++;
                continue;
            }
            if (KeyEquals(nonDelete[pi], order[oi], mergeKey))
            {
                pi++;
            }
            oi++;
        }
        if (pi < nonDelete.Count && oi >= order.Count)
        {
            throw PatchError.Internal(
                $"The order in patch list:\n{JsonNodes.GoFormat(patchItems)}\n doesn't match {SetElementOrderPrefix} list:\n{JsonNodes.GoFormat(order)}\n");
        }
    }

    private static bool KeyEquals(JsonNode? left, JsonNode? right, string mergeKey)
    {
        if (mergeKey.Length == 0)
        {
            return JsonNodes.ScalarEquals(left, right);
        }
        if (left is not JsonObject l)
        {
            throw PatchError.Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(left)}");
        }
        if (right is not JsonObject r)
        {
            throw PatchError.Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(right)}");
        }
        if (!l.TryGetPropertyValue(mergeKey, out var lv))
        {
            throw NoMergeKey(l, mergeKey);
        }
        if (!r.TryGetPropertyValue(mergeKey, out var rv))
        {
            throw NoMergeKey(r, mergeKey);
        }
        return JsonNodes.ScalarEquals(lv, rv);
    }

    /// <summary>All items of the lists must be of one kind, and not lists themselves.</summary>
    private static GoKind ElementKind(IReadOnlyList<JsonNode?> a, IReadOnlyList<JsonNode?> b, bool allowEmpty)
    {
        GoKind? kind = null;
        foreach (var item in a.Concat(b))
        {
            var k = JsonNodes.Kind(item);
            if (kind is null)
            {
                if (k == GoKind.Array)
                {
                    throw PatchError.Unprocessable("lists of lists are not supported");
                }
                kind = k;
            }
            else if (kind != k)
            {
                throw PatchError.BadRequest($"list element types are not identical: [{GoList(a)} {GoList(b)}]");
            }
        }
        if (kind is null && !allowEmpty)
        {
            throw PatchError.Internal("no elements in any of the given slices");
        }
        return kind ?? GoKind.Null;
    }

    private static string GoList(IReadOnlyList<JsonNode?> items) => "[" + string.Join(" ", items.Select(JsonNodes.GoFormat)) + "]";

    /// <summary>For "merge,retainKeys" the strategy that is not retainKeys.</summary>
    private static string NonRetainKeysStrategy(PatchFact? fact)
    {
        if (fact?.Strategy is null)
        {
            return "";
        }
        var parts = fact.Strategy.Split(',');
        return parts.Length switch
        {
            1 => parts[0] == "retainKeys" ? "" : parts[0],
            2 when parts[0] == "retainKeys" => parts[1],
            2 when parts[1] == "retainKeys" => parts[0],
            _ => throw PatchError.Internal($"unexpected patch strategy: [{string.Join(" ", parts)}]"),
        };
    }

    private static string ExtractKey(string directiveKey, string prefix)
    {
        var slash = directiveKey.IndexOf('/');
        if (slash < 0 || directiveKey[..slash] != prefix)
        {
            throw PatchError.BadRequest(prefix == DeleteFromPrimitiveListPrefix
                ? "invalid patch format of primitive list"
                : "invalid patch format of setElementOrder list");
        }
        return directiveKey[(slash + 1)..];
    }

    private static void SetCleaned(JsonObject target, string key, JsonNode value, MergeOptions options)
    {
        var copy = value.DeepClone();
        if (options.IgnoreUnmatchedNulls)
        {
            DiscardNulls(copy);
        }
        var cleaned = RemoveDirectives(copy);
        if (cleaned is null && value is JsonObject)
        {
            target.Remove(key);
            return;
        }
        target[key] = cleaned;
    }

    private static void DiscardNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
                {
                    obj.Remove(key);
                }
                foreach (var (_, v) in obj)
                {
                    DiscardNulls(v);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DiscardNulls(item);
                }
                break;
        }
    }

    /// <summary>Drops every object that carries a $patch directive (and the object itself if it does).</summary>
    private static JsonNode? RemoveDirectives(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey(DirectiveMarker))
                {
                    return null;
                }
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonObject or JsonArray && RemoveDirectives(value) is null && value is JsonObject)
                    {
                        obj.Remove(key);
                    }
                }
                return obj;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is JsonObject child && child.ContainsKey(DirectiveMarker))
                    {
                        array.RemoveAt(i);
                    }
                    else
                    {
                        RemoveDirectives(array[i]);
                    }
                }
                return array;
            default:
                return node;
        }
    }

    /// <summary>
    /// Directive keys left in the result (e.g. inside a replaced subtree) are not fields: upstream
    /// drops them when it decodes into the typed object, so they are dropped here too.
    /// </summary>
    private static void StripDirectiveKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(kv => kv.Key).Where(IsDirectiveKey).ToList())
                {
                    obj.Remove(key);
                }
                foreach (var (_, value) in obj)
                {
                    StripDirectiveKeys(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    StripDirectiveKeys(item);
                }
                break;
        }
    }

    private static bool IsDirectiveKey(string key) =>
        key is DirectiveMarker or RetainKeysDirective
        || key.StartsWith(SetElementOrderPrefix + "/", StringComparison.Ordinal)
        || key.StartsWith(DeleteFromPrimitiveListPrefix + "/", StringComparison.Ordinal);

    private static bool IsDeleteDirective(JsonNode? node) =>
        node is JsonObject map && map.TryGetPropertyValue(DirectiveMarker, out var d) && IsString(d, "delete");

    private static bool IsString(JsonNode? node, string value) =>
        JsonNodes.Kind(node) == GoKind.String && node!.GetValue<string>() == value;

    private static T Detach<T>(T node) where T : JsonNode
    {
        switch (node.Parent)
        {
            case JsonObject parent:
                parent.Remove(node.GetPropertyName());
                break;
            case JsonArray array:
                array.RemoveAt(node.GetElementIndex());
                break;
        }
        return node;
    }

    private static IEnumerable<JsonNode?> DetachAll(JsonArray array)
    {
        var items = array.ToList();
        array.Clear();
        return items;
    }

    private static PatchError NoMergeKey(JsonObject map, string mergeKey) =>
        PatchError.BadRequest($"map: {JsonNodes.GoFormat(map)} does not contain declared merge key: {mergeKey}");

    private static string GoTypeName(JsonNode? node) => JsonNodes.Kind(node) switch
    {
        GoKind.Object => "map[string]interface {}",
        GoKind.Array => "[]interface {}",
        GoKind.String => "string",
        GoKind.Number => "float64",
        GoKind.Bool => "bool",
        _ => "<nil>",
    };
}
