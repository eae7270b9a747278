using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>
/// Tolerant readers and writers for objects held as JSON: a field of the wrong JSON type reads as
/// absent, so validators can report what is missing without tripping over what is malformed.
/// </summary>
public static class JsonFields
{
    public static JsonObject? Obj(this JsonNode? node, string key) => (node as JsonObject)?[key] as JsonObject;

    public static JsonArray? Arr(this JsonNode? node, string key) => (node as JsonObject)?[key] as JsonArray;

    public static string? Str(this JsonNode? node, string key) => AsString((node as JsonObject)?[key]);

    /// <summary>The string, or "" when absent: Go's zero value, which upstream validators compare against.</summary>
    public static string StrOrEmpty(this JsonNode? node, string key) => node.Str(key) ?? "";

    public static long? Int(this JsonNode? node, string key) => AsLong((node as JsonObject)?[key]);

    public static bool? Bool(this JsonNode? node, string key) => AsBool((node as JsonObject)?[key]);

    public static bool Has(this JsonNode? node, string key) => (node as JsonObject)?[key] is not null;

    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? AsLong(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }
        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }
        if (v.TryGetValue<double>(out var d) && Math.Floor(d) == d && Math.Abs(d) < long.MaxValue)
        {
            return (long)d;
        }
        return long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    public static bool? AsBool(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The object at <paramref name="key"/>, created (replacing a non-object) when missing.</summary>
    public static JsonObject EnsureObj(this JsonObject parent, string key)
    {
        if (parent[key] is JsonObject o)
        {
            return o;
        }
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    /// <summary>Sets <paramref name="key"/> when it is absent or null, as upstream defaulting does for unset fields.</summary>
    public static void Default(this JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null)
        {
            obj[key] = value;
        }
    }

    /// <summary>Sets a string field when it is absent, null or "" (Go defaulters test for the zero value).</summary>
    public static void DefaultString(this JsonObject obj, string key, string value)
    {
        var current = obj[key];
        if (current is null || AsString(current) == "")
        {
            obj[key] = value;
        }
    }

    /// <summary>The objects of an array, skipping entries that are not objects.</summary>
    public static IEnumerable<JsonObject> Objects(this JsonArray? array) =>
        array is null ? [] : array.OfType<JsonObject>();

    /// <summary>String entries of an array.</summary>
    public static IEnumerable<string> Strings(this JsonArray? array) =>
        array is null ? [] : array.Select(AsString).OfType<string>();

    /// <summary>Deep JSON equality, ignoring property order (what upstream's semantic DeepEqual amounts to on JSON).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    /// <summary>metadata.name (or "" when unset).</summary>
    public static string Name(this JsonObject obj) => obj.Obj("metadata").StrOrEmpty("name");
}
