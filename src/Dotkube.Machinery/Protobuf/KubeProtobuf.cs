using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// Kubernetes' protobuf encoding of built-in API objects (media type
/// application/vnd.kubernetes.protobuf): the 4-byte magic "k8s\0" followed by a runtime.Unknown
/// envelope {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} whose raw is the
/// typed message. Objects are translated to and from the JSON client-go would use for them.
/// </summary>
public static class KubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The JSON nesting limit the API server applies to request bodies.</summary>
    private const int JsonMaxDepth = 10_000;

    private const string UnknownMessage = "k8s.io.apimachinery.pkg.runtime.Unknown";

    public static bool HasMagic(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>Whether the API group version and kind have a protobuf form here (built-in types only; never custom resources).</summary>
    public static bool Supports(string apiVersion, string kind) => ProtoSchema.ForKind(apiVersion, kind) is not null;

    /// <summary>
    /// Reads only the envelope's apiVersion and kind, so a caller can tell a kind without a protobuf
    /// form (upstream answers 415 for those) from a malformed body. False when the envelope is unreadable.
    /// </summary>
    public static bool TryReadType(ReadOnlySpan<byte> body, out string apiVersion, out string kind)
    {
        apiVersion = kind = "";
        if (!HasMagic(body))
        {
            return false;
        }
        try
        {
            (apiVersion, kind, _, _) = ReadEnvelope(body[Magic.Length..]);
            return true;
        }
        catch (FormatException)
        {
            // Unreadable envelope: the caller reports the decode error itself.
            return false;
        }
    }

    /// <summary>
    /// Decodes a protobuf request body into the object's JSON (apiVersion and kind from the
    /// envelope). Throws <see cref="FormatException"/> naming the problem for malformed input and for
    /// kinds without a protobuf schema.
    /// </summary>
    public static JsonObject DecodeObject(ReadOnlySpan<byte> body)
    {
        if (!HasMagic(body))
        {
            throw new FormatException("the body does not start with the Kubernetes protobuf prefix \"k8s\\x00\"");
        }
        var (apiVersion, kind, raw, encoding) = ReadEnvelope(body[Magic.Length..]);
        if (encoding.Length != 0)
        {
            throw new FormatException($"unsupported protobuf content encoding \"{encoding}\"");
        }
        if (kind.Length == 0)
        {
            throw new FormatException("the protobuf envelope has no kind");
        }
        var message = ProtoSchema.ForKind(apiVersion, kind)
            ?? throw new FormatException($"no protobuf schema for kind \"{kind}\" in \"{apiVersion}\"");
        var fields = ProtoJsonDecoder.DecodeMessage(message, raw, 0);
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            obj[name] = value;
        }
        return Reparsed(obj);
    }

    /// <summary>
    /// Returns the object as if parsed from JSON text, so its numbers convert like any parsed JSON
    /// (a decoded int32 answers TryGetValue&lt;long&gt;), exactly as a JSON request body would.
    /// </summary>
    private static JsonObject Reparsed(JsonObject obj)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { MaxDepth = JsonMaxDepth }))
        {
            obj.WriteTo(writer);
        }
        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = JsonMaxDepth })!.AsObject();
    }

    /// <summary>
    /// Encodes an object (with apiVersion and kind) as client-go would: magic, envelope, typed
    /// message. Throws <see cref="FormatException"/> for kinds without a schema (check
    /// <see cref="Supports"/>) and for values that do not fit their field's type.
    /// </summary>
    public static byte[] EncodeObject(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        var message = ProtoSchema.ForKind(apiVersion, kind)
            ?? throw new FormatException($"no protobuf schema for kind \"{kind}\" in \"{apiVersion}\"");
        var raw = new WireWriter();
        ProtoJsonEncoder.EncodeMessage(message, obj, raw, 0);

        var typeMeta = new WireWriter();
        typeMeta.WriteString(1, apiVersion);
        typeMeta.WriteString(2, kind);
        var envelope = new WireWriter();
        envelope.WriteBytes(1, typeMeta.ToArray());
        envelope.WriteBytes(2, raw.ToArray());
        // Go writes the empty contentEncoding and contentType too.
        envelope.WriteString(3, "");
        envelope.WriteString(4, "");
        return [.. Magic, .. envelope.ToArray()];
    }

    private static (string ApiVersion, string Kind, byte[] Raw, string Encoding) ReadEnvelope(ReadOnlySpan<byte> data)
    {
        string apiVersion = "", kind = "", encoding = "";
        byte[] raw = [];
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (number is >= 1 and <= 4 && type != WireType.LengthDelimited)
            {
                throw new FormatException($"wrong protobuf wire type {(int)type} for field {number} of {UnknownMessage}");
            }
            switch (number)
            {
                case 1:
                    (apiVersion, kind) = ReadTypeMeta(reader.ReadLengthDelimited());
                    break;
                case 2:
                    raw = reader.ReadLengthDelimited().ToArray();
                    break;
                case 3:
                    encoding = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }
        return (apiVersion, kind, raw, encoding);
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> data)
    {
        string apiVersion = "", kind = "";
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (number is 1 or 2 && type != WireType.LengthDelimited)
            {
                throw new FormatException($"wrong protobuf wire type {(int)type} for field {number} of the envelope's typeMeta");
            }
            if (number == 1)
            {
                apiVersion = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (number == 2)
            {
                kind = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(type);
            }
        }
        return (apiVersion, kind);
    }
}
