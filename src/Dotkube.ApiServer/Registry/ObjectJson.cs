using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>Accessors for the metadata of objects held as JSON, and their byte encoding.</summary>
public static class ObjectJson
{
    /// <summary>Deep enough for any legitimate object; upstream refuses only past 10,000 levels.</summary>
    public const int MaxDepth = 10_000;

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        MaxDepth = MaxDepth,
        Encoder = Machinery.Serialization.GoJsonEncoder.Instance,
    };

    private static readonly JsonSerializerOptions IndentedOptions = new(WriteOptions) { WriteIndented = true };

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }
        m = new JsonObject();
        obj["metadata"] = m;
        return m;
    }

    public static string? GetString(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Name(JsonObject obj) => GetString(obj["metadata"], "name") ?? "";

    public static string Namespace(JsonObject obj) => GetString(obj["metadata"], "namespace") ?? "";

    public static string? ResourceVersion(JsonObject obj) => GetString(obj["metadata"], "resourceVersion");

    public static string? Uid(JsonObject obj) => GetString(obj["metadata"], "uid");

    public static JsonArray? Finalizers(JsonObject obj) => obj["metadata"]?["finalizers"] as JsonArray;

    public static bool HasFinalizers(JsonObject obj) => Finalizers(obj) is { Count: > 0 };

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static long Generation(JsonObject obj) => TryGetLong(obj["metadata"]?["generation"], out var g) ? g : 0;

    /// <summary>
    /// Reads an integer whether the node was parsed (a JsonElement) or built in code from an int
    /// or long: JsonValue.TryGetValue&lt;long&gt; alone misses the latter.
    /// </summary>
    public static bool TryGetLong(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }
        if (v.TryGetValue<long>(out value))
        {
            return true;
        }
        if (v.TryGetValue<int>(out var i))
        {
            value = i;
            return true;
        }
        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value))
        {
            return true;
        }
        return false;
    }

    /// <summary>Labels as a dictionary (non-string values are ignored; validation refuses them).</summary>
    public static Dictionary<string, string> Labels(JsonObject obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject labels)
        {
            foreach (var (k, v) in labels)
            {
                if (v is JsonValue jv && jv.TryGetValue<string>(out var s))
                {
                    result[k] = s;
                }
            }
        }
        return result;
    }

    /// <summary>RFC 3339 with second precision in UTC, as metav1.Time serializes.</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writer settings matching <see cref="ToBytes"/>, for streaming large responses.</summary>
    public static readonly JsonWriterOptions StreamWriterOptions = new()
    {
        Encoder = Machinery.Serialization.GoJsonEncoder.Instance,
        MaxDepth = MaxDepth,
        SkipValidation = true,
    };

    public static readonly JsonWriterOptions IndentedStreamWriterOptions = StreamWriterOptions with { Indented = true };

    public static byte[] ToBytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, WriteOptions);

    /// <summary>Two-space indentation, as Go's json.MarshalIndent(obj, "", "  ").</summary>
    public static byte[] ToIndentedBytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, IndentedOptions);

    public static string ToJsonString(JsonNode node) => node.ToJsonString(WriteOptions);

    /// <summary>Parses stored or received bytes; throws JsonException on malformed input.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8, NodeOptions, DocumentOptions);

    public static JsonObject ParseObject(ReadOnlyMemory<byte> utf8) =>
        Parse(utf8.Span) as JsonObject ?? throw new JsonException("stored value is not a JSON object");

    /// <summary>Structural equality of two JSON trees (property order ignored).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);
}
