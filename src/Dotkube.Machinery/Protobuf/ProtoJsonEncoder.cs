using Dotkube.Machinery.Time;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// Turns an object's JSON into its Kubernetes protobuf message, the reverse of
/// <see cref="ProtoJsonDecoder"/>. Fields absent from the JSON are not written (a decoder reads
/// them as their zero values, which is what Go's omitted zero fields mean); JSON properties the
/// schema does not know are dropped, as protobuf cannot carry them. Map entries are written in
/// key order, as Go does.
/// </summary>
internal static class ProtoJsonEncoder
{
    public static void EncodeMessage(ProtoMessage message, JsonObject obj, WireWriter writer, int depth)
    {
        if (depth > ProtoJsonDecoder.MaxDepth)
        {
            throw new FormatException($"object nesting exceeds {ProtoJsonDecoder.MaxDepth} levels");
        }
        foreach (var field in message.Fields)
        {
            if (field.Inline)
            {
                // The inline struct's fields live in this same JSON object.
                var inner = new WireWriter();
                EncodeMessage(ProtoSchema.Message(field.Type), obj, inner, depth + 1);
                writer.WriteBytes(field.Number, inner.ToArray());
                continue;
            }
            if (field.JsonName == "-" || obj[field.JsonName] is not { } value)
            {
                continue;
            }
            EncodeField(message, field, value, writer, depth);
        }
    }

    private static void EncodeField(ProtoMessage message, ProtoField field, JsonNode value, WireWriter writer, int depth)
    {
        if (field.IsMap)
        {
            var map = value as JsonObject ?? throw Mismatch(message, field, "an object");
            foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var entry = new WireWriter();
                entry.WriteString(1, key);
                if (item is not null)
                {
                    WriteValue(message, field, 2, item, entry, depth);
                }
                writer.WriteBytes(field.Number, entry.ToArray());
            }
            return;
        }
        if (field.Repeated)
        {
            var array = value as JsonArray ?? throw Mismatch(message, field, "an array");
            foreach (var item in array)
            {
                if (item is null)
                {
                    // A null element of a message list is that message's zero value.
                    if (field.IsScalar)
                    {
                        throw Mismatch(message, field, field.Type);
                    }
                    writer.WriteBytes(field.Number, []);
                    continue;
                }
                WriteValue(message, field, field.Number, item, writer, depth);
            }
            return;
        }
        WriteValue(message, field, field.Number, value, writer, depth);
    }

    private static void WriteValue(ProtoMessage message, ProtoField field, int number, JsonNode value, WireWriter writer, int depth)
    {
        if (!field.IsScalar)
        {
            var inner = new WireWriter();
            EncodeMessageValue(field.Type, value, inner, depth + 1);
            writer.WriteBytes(number, inner.ToArray());
            return;
        }
        if (value is not JsonValue scalar)
        {
            throw Mismatch(message, field, field.Type);
        }
        try
        {
            WriteScalar(field.Type, number, scalar, writer);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw Mismatch(message, field, field.Type);
        }
    }

    private static void WriteScalar(string type, int number, JsonValue value, WireWriter writer)
    {
        switch (type)
        {
            case "string":
                writer.WriteString(number, value.GetValue<string>());
                break;
            case "bytes":
                writer.WriteBytes(number, Convert.FromBase64String(value.GetValue<string>()));
                break;
            case "bool":
                writer.WriteVarint(number, value.GetValue<bool>() ? 1UL : 0UL);
                break;
            case "int32":
                writer.WriteVarint(number, unchecked((ulong)(long)checked((int)Integer(value))));
                break;
            case "int64":
                writer.WriteVarint(number, unchecked((ulong)Integer(value)));
                break;
            case "uint32" or "uint64":
                writer.WriteVarint(number, checked((ulong)Integer(value)));
                break;
            case "double":
                writer.WriteFixed64(number, BitConverter.DoubleToUInt64Bits(Number(value)));
                break;
            case "float":
                writer.WriteFixed32(number, BitConverter.SingleToUInt32Bits((float)Number(value)));
                break;
            default:
                throw new InvalidDataException($"proto-schema.tsv: unknown scalar type {type}");
        }
    }

    // Numbers are read from their JSON text so that values built in code (JsonValue.Create(3))
    // and values parsed from JSON behave the same.
    private static long Integer(JsonValue value)
    {
        var text = NumberText(value);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }
        var d = double.Parse(text, CultureInfo.InvariantCulture);
        return d == Math.Floor(d) ? checked((long)d) : throw new FormatException("not an integer");
    }

    private static double Number(JsonValue value) => double.Parse(NumberText(value), CultureInfo.InvariantCulture);

    private static string NumberText(JsonValue value) =>
        value.GetValueKind() is JsonValueKind.Number ? value.ToJsonString() : throw new FormatException("not a number");

    private static void EncodeMessageValue(string type, JsonNode value, WireWriter writer, int depth)
    {
        switch (type)
        {
            case WellKnownMessages.Quantity or WellKnownMessages.QuantityValue:
                writer.WriteString(1, value is JsonValue q && q.GetValueKind() is JsonValueKind.Number
                    ? q.ToJsonString() : Text(type, value));
                return;
            case WellKnownMessages.IntOrString:
                if (value is JsonValue v && v.GetValueKind() is JsonValueKind.Number)
                {
                    writer.WriteVarint(1, 0);
                    writer.WriteVarint(2, unchecked((ulong)(long)checked((int)Integer(v))));
                    writer.WriteString(3, "");
                }
                else
                {
                    writer.WriteVarint(1, 1);
                    writer.WriteVarint(2, 0);
                    writer.WriteString(3, Text(type, value));
                }
                return;
            case WellKnownMessages.Time or WellKnownMessages.MicroTime:
                var (seconds, nanos) = ParseTime(Text(type, value));
                writer.WriteVarint(1, unchecked((ulong)seconds));
                writer.WriteVarint(2, type == WellKnownMessages.Time ? 0UL : (ulong)nanos);
                return;
            case WellKnownMessages.Duration:
                writer.WriteVarint(1, unchecked((ulong)GoDuration.Parse(Text(type, value))));
                return;
            case WellKnownMessages.FieldsV1 or WellKnownMessages.RawExtension or WellKnownMessages.Json:
                // Go's encoding: clients compare these bytes (kubectl rollout undo: a ControllerRevision's data).
                writer.WriteBytes(1, Encoding.UTF8.GetBytes(value.ToJsonString(Serialization.GoJsonEncoder.Options)));
                return;
            case WellKnownMessages.SchemaOrArray:
                if (value is JsonArray schemas)
                {
                    foreach (var s in schemas)
                    {
                        WriteSchema(2, s, writer, depth);
                    }
                }
                else
                {
                    WriteSchema(1, value, writer, depth);
                }
                return;
            case WellKnownMessages.SchemaOrBool:
                if (value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    writer.WriteVarint(1, b.GetValue<bool>() ? 1UL : 0UL);
                }
                else
                {
                    // Upstream's UnmarshalJSON sets Allows when a schema is given.
                    writer.WriteVarint(1, 1);
                    WriteSchema(2, value, writer, depth);
                }
                return;
            case WellKnownMessages.SchemaOrStringArray:
                if (value is JsonArray strings)
                {
                    foreach (var s in strings)
                    {
                        writer.WriteString(2, s is null ? "" : Text(type, s));
                    }
                }
                else
                {
                    WriteSchema(1, value, writer, depth);
                }
                return;
        }
        var message = ProtoSchema.Message(type);
        if (message.IsArray)
        {
            var items = value as JsonArray ?? throw new FormatException($"a {Short(type)} must be an array");
            EncodeMessage(message, new JsonObject { ["items"] = items.DeepClone() }, writer, depth);
            return;
        }
        EncodeMessage(message, value as JsonObject ?? throw new FormatException($"a {Short(type)} must be an object"), writer, depth);
    }

    private static void WriteSchema(int number, JsonNode? schema, WireWriter writer, int depth)
    {
        var inner = new WireWriter();
        EncodeMessage(ProtoSchema.Message(WellKnownMessages.SchemaProps),
            schema as JsonObject ?? throw new FormatException("a JSONSchemaProps must be an object"), inner, depth + 1);
        writer.WriteBytes(number, inner.ToArray());
    }

    private static (long Seconds, long Nanos) ParseTime(string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new FormatException($"invalid RFC 3339 time \"{text}\"");
        }
        var utc = at.UtcDateTime;
        return (at.ToUnixTimeSeconds(), utc.Ticks % TimeSpan.TicksPerSecond * 100);
    }

    private static string Text(string type, JsonNode value) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.String
            ? v.GetValue<string>()
            : throw new FormatException($"a {Short(type)} must be a string");

    private static string Short(string type) => type[(type.LastIndexOf('.') + 1)..];

    private static FormatException Mismatch(ProtoMessage message, ProtoField field, string expected) =>
        new($"field {field.JsonName} of {Short(message.Name)} must be {expected}");
}
