using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Patching;

/// <summary>
/// RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>), with the details of the
/// library kube-apiserver uses: nulls are pruned from newly added objects (also inside lists),
/// lists are replaced whole.
/// </summary>
public static class MergePatch
{
    public const string BadPatchMessage = "Invalid JSON Patch";
    public const string BadDocumentMessage = "Invalid JSON Document";

    /// <summary>Merges <paramref name="patch"/> into a copy of <paramref name="target"/>.</summary>
    /// <exception cref="StatusException">400 <c>Invalid JSON Patch</c> when the patch is not an object or array.</exception>
    public static JsonNode Apply(JsonNode? target, JsonNode? patch)
    {
        switch (patch)
        {
            case JsonObject patchObject:
                if (target is JsonObject targetObject)
                {
                    var doc = (JsonObject)targetObject.DeepClone();
                    MergeInto(doc, patchObject);
                    return doc;
                }
                // A document that is not an object is simply replaced.
                return PruneNulls(patchObject.DeepClone());
            case JsonArray patchArray:
                return PruneNulls(patchArray.DeepClone());
            default:
                throw StatusException.BadRequest(BadPatchMessage);
        }
    }

    /// <summary>
    /// The merge patch that turns <paramref name="original"/> into <paramref name="modified"/>: changed
    /// keys with their new values, removed keys as null, lists whole. Arrays of objects of equal
    /// length diff item by item, as upstream's CreateMergePatch.
    /// </summary>
    public static JsonNode Create(JsonNode original, JsonNode modified)
    {
        switch (original, modified)
        {
            case (JsonObject o, JsonObject m):
                return Diff(o, m);
            case (JsonArray o, JsonArray m):
                if (o.Count != m.Count)
                {
                    throw StatusException.BadRequest(BadDocumentMessage);
                }
                var result = new JsonArray();
                for (var i = 0; i < o.Count; i++)
                {
                    if (o[i] is not JsonObject oi || m[i] is not JsonObject mi)
                    {
                        throw StatusException.BadRequest(BadDocumentMessage);
                    }
                    result.Add(Diff(oi, mi));
                }
                return result;
            case (JsonArray, _) or (_, JsonArray):
                throw StatusException.BadRequest("Mismatched JSON Documents");
            default:
                throw StatusException.BadRequest(BadDocumentMessage);
        }
    }

    private static void MergeInto(JsonObject doc, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                doc.Remove(key);
                continue;
            }
            if (!doc.TryGetPropertyValue(key, out var current) || current is null)
            {
                doc[key] = PruneNulls(value.DeepClone());
                continue;
            }
            if (current is JsonObject currentObject && value is JsonObject valueObject)
            {
                MergeInto(currentObject, valueObject);
            }
            else
            {
                // A non-object is replaced; upstream prunes nulls only when the old value was not an object.
                doc[key] = current is JsonObject ? value.DeepClone() : PruneNulls(value.DeepClone());
            }
        }
    }

    /// <summary>Removes null members of objects, recursively, also in objects inside lists (list items that are null stay).</summary>
    internal static JsonNode PruneNulls(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
                {
                    obj.Remove(key);
                }
                foreach (var (_, value) in obj)
                {
                    PruneNulls(value!);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        PruneNulls(item);
                    }
                }
                break;
        }
        return node;
    }

    private static JsonObject Diff(JsonObject original, JsonObject modified)
    {
        var into = new JsonObject();
        foreach (var (key, value) in modified)
        {
            if (!original.TryGetPropertyValue(key, out var before) || JsonNodes.Kind(before) != JsonNodes.Kind(value))
            {
                into[key] = value?.DeepClone();
                continue;
            }
            switch (value)
            {
                case JsonObject m:
                    var nested = Diff((JsonObject)before!, m);
                    if (nested.Count > 0)
                    {
                        into[key] = nested;
                    }
                    break;
                case null:
                    break;
                default:
                    if (!JsonNodes.DeepEquals(before, value))
                    {
                        into[key] = value.DeepClone();
                    }
                    break;
            }
        }
        foreach (var (key, _) in original)
        {
            if (!modified.ContainsKey(key))
            {
                into[key] = null;
            }
        }
        return into;
    }
}
