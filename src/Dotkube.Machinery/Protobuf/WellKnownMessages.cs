using Dotkube.Machinery.Time;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// The messages whose JSON form is not their fields: types with their own MarshalJSON upstream
/// (Quantity, IntOrString, Time, MicroTime, Duration, RawExtension, FieldsV1, and apiextensions'
/// JSON and JSONSchemaPropsOr*). A value that Go would write as JSON null (a zero Time, an empty
/// RawExtension) is reported as not present, so the field is left out: for every reader of the
/// object null and absent mean the same zero value.
/// </summary>
internal static class WellKnownMessages
{
    public const string Quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    public const string QuantityValue = "k8s.io.apimachinery.pkg.api.resource.QuantityValue";
    public const string IntOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    public const string Time = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTime = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string Duration = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration";
    public const string FieldsV1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
    public const string RawExtension = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private const string ApiExtensions = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.";
    public const string Json = ApiExtensions + "JSON";
    public const string SchemaProps = ApiExtensions + "JSONSchemaProps";
    public const string SchemaOrArray = ApiExtensions + "JSONSchemaPropsOrArray";
    public const string SchemaOrBool = ApiExtensions + "JSONSchemaPropsOrBool";
    public const string SchemaOrStringArray = ApiExtensions + "JSONSchemaPropsOrStringArray";

    /// <summary>Go's zero time.Time (0001-01-01T00:00:00Z) in Unix seconds.</summary>
    public const long ZeroTimeSeconds = -62135596800;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 10_000 };

    public static bool IsWellKnown(string type) => type is Quantity or QuantityValue or IntOrString or Time
        or MicroTime or Duration or FieldsV1 or RawExtension or Json or SchemaOrArray or SchemaOrBool or SchemaOrStringArray;

    public static bool TryDecode(string type, ReadOnlySpan<byte> data, int depth, out bool present, out JsonNode? node)
    {
        present = true;
        node = null;
        switch (type)
        {
            case Quantity or QuantityValue:
                // A zero Quantity marshals as "0" in both encodings.
                var text = ReadString(data, 1);
                node = JsonValue.Create(string.IsNullOrEmpty(text) ? "0" : text);
                return true;
            case IntOrString:
                node = DecodeIntOrString(data);
                return true;
            case Time or MicroTime:
                // An empty message is Go's zero time (JSON null). Time keeps whole seconds only
                // (upstream drops nanos on decode); MicroTime keeps microseconds.
                var (seconds, nanos) = ReadSecondsNanos(data);
                var micro = type == MicroTime;
                var s = seconds ?? 0;
                var n = micro ? nanos ?? 0 : 0;
                present = !data.IsEmpty && !(s == ZeroTimeSeconds && n == 0);
                node = present ? JsonValue.Create(FormatTime(s, n, micro)) : null;
                return true;
            case Duration:
                node = JsonValue.Create(GoDuration.Format(ReadVarintField(data, 1) is { } d ? unchecked((long)d) : 0));
                return true;
            case FieldsV1 or RawExtension or Json:
                var raw = ReadBytes(data, 1);
                present = raw is { Length: > 0 };
                node = present ? ParseEmbedded(raw!, type) : null;
                return true;
            case SchemaOrArray:
                node = DecodeSchemaOrArray(data, depth);
                present = node is not null;
                return true;
            case SchemaOrBool:
                node = DecodeSchemaOrBool(data, depth);
                return true;
            case SchemaOrStringArray:
                node = DecodeSchemaOrStringArray(data, depth);
                present = node is not null;
                return true;
            default:
                return false;
        }
    }

    /// <summary>RFC 3339 in UTC, as metav1.Time ("2006-01-02T15:04:05Z") or MicroTime (six fraction digits) write it.</summary>
    public static string FormatTime(long seconds, long nanos, bool micro)
    {
        // Normalize nanos into [0, 1e9) as Go's time.Unix does.
        seconds += Math.DivRem(nanos, 1_000_000_000, out var rem);
        if (rem < 0)
        {
            seconds--;
            rem += 1_000_000_000;
        }
        DateTime at;
        try
        {
            at = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.AddTicks(rem / 100);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"protobuf time {seconds}s is outside the years 1 to 9999");
        }
        return at.ToString(micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonNode DecodeIntOrString(ReadOnlySpan<byte> data)
    {
        long kind = 0;
        var intVal = 0;
        var strVal = "";
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            switch (number, type)
            {
                case (1, WireType.Varint):
                    kind = unchecked((long)reader.ReadVarint());
                    break;
                case (2, WireType.Varint):
                    intVal = unchecked((int)reader.ReadVarint());
                    break;
                case (3, WireType.LengthDelimited):
                    strVal = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case (1 or 2 or 3, _):
                    throw new FormatException($"wrong protobuf wire type {(int)type} for field {number} of IntOrString");
                default:
                    reader.Skip(type);
                    break;
            }
        }
        return kind == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    private static JsonNode? DecodeSchemaOrArray(ReadOnlySpan<byte> data, int depth)
    {
        // MarshalJSON: the array when it has items, else the schema, else null.
        var obj = ProtoJsonDecoder.DecodeMessage(ProtoSchema.Message(SchemaOrArray), data, depth + 1);
        return Detach(obj, "jSONSchemas") is JsonArray { Count: > 0 } array ? array : Detach(obj, "schema");
    }

    private static JsonNode? DecodeSchemaOrBool(ReadOnlySpan<byte> data, int depth)
    {
        var obj = ProtoJsonDecoder.DecodeMessage(ProtoSchema.Message(SchemaOrBool), data, depth + 1);
        return Detach(obj, "schema") ?? JsonValue.Create(obj["allows"]?.GetValue<bool>() ?? false);
    }

    private static JsonNode? DecodeSchemaOrStringArray(ReadOnlySpan<byte> data, int depth)
    {
        var obj = ProtoJsonDecoder.DecodeMessage(ProtoSchema.Message(SchemaOrStringArray), data, depth + 1);
        return Detach(obj, "property") is JsonArray { Count: > 0 } array ? array : Detach(obj, "schema");
    }

    private static JsonNode? Detach(JsonObject obj, string name)
    {
        var node = obj[name];
        obj.Remove(name);
        return node;
    }

    private static JsonNode? ParseEmbedded(byte[] raw, string type)
    {
        if (KubeProtobuf.HasMagic(raw))
        {
            return KubeProtobuf.DecodeObject(raw);
        }
        try
        {
            return JsonNode.Parse(raw, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the raw JSON of a {type[(type.LastIndexOf('.') + 1)..]} is not valid JSON: {e.Message}", e);
        }
    }

    private static (long? Seconds, long? Nanos) ReadSecondsNanos(ReadOnlySpan<byte> data)
    {
        long? seconds = null, nanos = null;
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (number is 1 or 2 && type != WireType.Varint)
            {
                throw new FormatException($"wrong protobuf wire type {(int)type} for field {number} of a Time");
            }
            if (number == 1)
            {
                seconds = unchecked((long)reader.ReadVarint());
            }
            else if (number == 2)
            {
                nanos = unchecked((int)reader.ReadVarint());
            }
            else
            {
                reader.Skip(type);
            }
        }
        return (seconds, nanos);
    }

    private static ulong? ReadVarintField(ReadOnlySpan<byte> data, int field)
    {
        ulong? value = null;
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (number == field && type == WireType.Varint)
            {
                value = reader.ReadVarint();
            }
            else if (number == field)
            {
                throw new FormatException($"wrong protobuf wire type {(int)type} for field {number}");
            }
            else
            {
                reader.Skip(type);
            }
        }
        return value;
    }

    private static byte[]? ReadBytes(ReadOnlySpan<byte> data, int field)
    {
        byte[]? value = null;
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (number == field && type == WireType.LengthDelimited)
            {
                value = reader.ReadLengthDelimited().ToArray();
            }
            else if (number == field)
            {
                throw new FormatException($"wrong protobuf wire type {(int)type} for field {number}");
            }
            else
            {
                reader.Skip(type);
            }
        }
        return value;
    }

    private static string? ReadString(ReadOnlySpan<byte> data, int field) =>
        ReadBytes(data, field) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
