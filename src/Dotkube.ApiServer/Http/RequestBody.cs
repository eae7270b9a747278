using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>Reads and decodes request bodies with upstream's limits and error wording.</summary>
public static class RequestBody
{
    /// <summary>kube-apiserver's default maximum request body (3 MiB).</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpContext ctx, CancellationToken ct)
    {
        if (ctx.Request.ContentLength is > MaxBytes)
        {
            throw TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = await ctx.Request.Body.ReadAsync(chunk, ct);
            if (n == 0)
            {
                break;
            }
            if (buffer.Length + n > MaxBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static StatusException TooLarge() =>
        StatusException.TooLarge($"Request entity too large: limit is {MaxBytes}");

    /// <summary>Decodes a JSON or YAML object body; anything else is 415, malformed input 400.</summary>
    public static JsonObject DecodeObject(byte[] body, string? contentType) => DecodeObject(body, contentType, out _);

    /// <summary>Decodes a JSON or YAML object body, telling which keys of a JSON body were repeated (the last one is kept).</summary>
    public static JsonObject DecodeObject(byte[] body, string? contentType, out FieldValidation.DuplicateFields duplicates)
    {
        var essence = MediaTypes.Essence(contentType);
        JsonNode? node;
        duplicates = FieldValidation.DuplicateFields.None;
        if (essence is MediaTypes.Yaml or "text/yaml" or "application/x-yaml")
        {
            var repeated = new List<string>();
            node = DecodeYaml(body, repeated);
            duplicates = FieldValidation.DuplicateFields.FromYaml(repeated);
            // Upstream turns YAML into JSON through a Go map, so keys reach the typed decoder
            // sorted (and strict errors come in that order).
            node = SortKeys(node);
        }
        else if (essence is MediaTypes.Json or "" or "*/*")
        {
            node = DecodeJson(body, out duplicates);
        }
        else if (essence is MediaTypes.Protobuf)
        {
            return DecodeProtobuf(body);
        }
        else
        {
            throw UnsupportedMediaType();
        }
        return node as JsonObject ?? throw StatusException.BadRequest(
            $"Object 'Kind' is missing in '{Truncate(System.Text.Encoding.UTF8.GetString(body))}'");
    }

    private static StatusException UnsupportedMediaType() => StatusException.UnsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");

    /// <summary>
    /// Built-in kinds in Kubernetes protobuf (what client-go and kubectl send for typed objects).
    /// A kind with no protobuf form (custom resources) is 415, as upstream answers; malformed bodies are 400.
    /// </summary>
    public static JsonObject DecodeProtobuf(byte[] body)
    {
        if (KubeProtobuf.TryReadType(body, out var apiVersion, out var kind) && kind.Length > 0
            && !KubeProtobuf.Supports(apiVersion, kind))
        {
            throw UnsupportedMediaType();
        }
        try
        {
            return KubeProtobuf.DecodeObject(body);
        }
        catch (FormatException e)
        {
            throw StatusException.BadRequest($"error decoding protobuf request body: {e.Message}");
        }
    }

    /// <summary>Decodes JSON; a key repeated in one object keeps its last value, as in Go.</summary>
    public static JsonNode? DecodeJson(byte[] body) => DecodeJson(body, out _);

    public static JsonNode? DecodeJson(byte[] body, out FieldValidation.DuplicateFields duplicates)
    {
        try
        {
            return FieldValidation.StrictJson.Parse(JsonTextRepair.Repair(body), out duplicates);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"error decoding request body: {DescribeJsonError(e)}");
        }
    }

    public static JsonNode? DecodeYaml(byte[] body) => DecodeYaml(body, null);

    /// <summary>Decodes YAML; with <paramref name="repeatedKeys"/>, collects go-yaml's strict errors for keys set twice.</summary>
    public static JsonNode? DecodeYaml(byte[] body, List<string>? repeatedKeys)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(body);
            return repeatedKeys is null ? Machinery.Serialization.YamlJson.Parse(text) : Machinery.Serialization.YamlJson.Parse(text, repeatedKeys);
        }
        catch (Machinery.Serialization.YamlJsonException e)
        {
            throw StatusException.BadRequest($"error decoding YAML: {e.Message}");
        }
    }

    /// <summary>The same JSON with every object's keys in Go's order for map keys (byte order).</summary>
    private static JsonNode? SortKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                {
                    var entries = obj.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
                    obj.Clear();
                    foreach (var (k, v) in entries)
                    {
                        obj[k] = SortKeys(v);
                    }
                    return obj;
                }
            case JsonArray array:
                foreach (var item in array)
                {
                    SortKeys(item);
                }
                return array;
            default:
                return node;
        }
    }

    private static string DescribeJsonError(JsonException e)
    {
        if (e.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"exceeded max depth of {ObjectJson.MaxDepth}";
        }
        var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine})" : "";
        return "invalid JSON" + where;
    }

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "..." : s;
}
