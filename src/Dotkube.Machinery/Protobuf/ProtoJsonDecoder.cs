using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// Turns a Kubernetes protobuf message into the JSON client-go would have sent for the same Go
/// object. Go's protobuf marshaller writes every non-pointer scalar even when it is zero, and
/// encoding/json then drops zero values of fields tagged omitempty; so a field present on the
/// wire is kept unless the schema marks it "omit when zero" and its value is zero. Pointers
/// (*int32 replicas: 0) keep their zero values, as JSON does.
/// </summary>
internal static class ProtoJsonDecoder
{
    /// <summary>Nesting limit for messages; deep enough for any real object (CRD schemas included).</summary>
    public const int MaxDepth = 1000;

    private readonly record struct Occurrence(WireType Type, ulong Value, int Start, int Length);

    public static JsonObject DecodeMessage(ProtoMessage message, ReadOnlySpan<byte> data, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"protobuf message nesting exceeds {MaxDepth} levels");
        }
        var found = Collect(message, data);
        var obj = new JsonObject();
        foreach (var field in message.Fields)
        {
            if (!found.TryGetValue(field.Number, out var occurrences))
            {
                continue;
            }
            CheckWireTypes(message, field, occurrences);
            if (field.Inline)
            {
                // Go's JSON flattens an inline struct (Volume's VolumeSource) into its parent.
                var inner = DecodeMessage(ProtoSchema.Message(field.Type), Merged(data, occurrences), depth + 1);
                foreach (var (name, value) in inner.ToList())
                {
                    inner.Remove(name);
                    obj[name] = value;
                }
                continue;
            }
            if (field.JsonName == "-")
            {
                continue;
            }
            if (DecodeField(field, data, occurrences, depth) is { Present: true } decoded)
            {
                obj[field.JsonName] = decoded.Node;
            }
        }
        return obj;
    }

    /// <summary>Groups the fields on the wire by number; unknown fields are skipped, as upstream does.</summary>
    private static Dictionary<int, List<Occurrence>> Collect(ProtoMessage message, ReadOnlySpan<byte> data)
    {
        var found = new Dictionary<int, List<Occurrence>>();
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (!message.ByNumber.ContainsKey(number))
            {
                reader.Skip(type);
                continue;
            }
            Occurrence occurrence;
            switch (type)
            {
                case WireType.Varint:
                    occurrence = new(type, reader.ReadVarint(), 0, 0);
                    break;
                case WireType.Fixed64:
                    occurrence = new(type, reader.ReadFixed64(), 0, 0);
                    break;
                case WireType.Fixed32:
                    occurrence = new(type, reader.ReadFixed32(), 0, 0);
                    break;
                default:
                    var slice = reader.ReadLengthDelimited();
                    occurrence = new(type, 0, Offset(data, slice), slice.Length);
                    break;
            }
            if (!found.TryGetValue(number, out var list))
            {
                found[number] = list = [];
            }
            list.Add(occurrence);
        }
        return found;
    }

    private static int Offset(ReadOnlySpan<byte> data, ReadOnlySpan<byte> slice) =>
        slice.IsEmpty ? 0 : (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(slice));

    private static void CheckWireTypes(ProtoMessage message, ProtoField field, List<Occurrence> occurrences)
    {
        var expected = field.IsMap || !field.IsScalar ? WireType.LengthDelimited : ScalarWireType(field.Type);
        foreach (var o in occurrences)
        {
            // Repeated numeric scalars may come packed (one length-delimited run).
            var packed = field.Repeated && field.IsScalar && o.Type == WireType.LengthDelimited;
            if (o.Type != expected && !packed)
            {
                throw new FormatException(
                    $"wrong protobuf wire type {(int)o.Type} for field {field.JsonName} ({field.Number}) of {message.Name}");
            }
        }
    }

    private static WireType ScalarWireType(string type) => type switch
    {
        "string" or "bytes" => WireType.LengthDelimited,
        "double" => WireType.Fixed64,
        "float" => WireType.Fixed32,
        _ => WireType.Varint,
    };

    private readonly record struct Decoded(bool Present, JsonNode? Node);

    private static Decoded DecodeField(ProtoField field, ReadOnlySpan<byte> data, List<Occurrence> occurrences, int depth)
    {
        if (field.IsMap)
        {
            var map = new JsonObject();
            foreach (var o in occurrences)
            {
                var (key, value) = DecodeMapEntry(field, data.Slice(o.Start, o.Length), depth);
                map[key] = value;
            }
            return new(true, map);
        }
        if (field.Repeated)
        {
            var array = new JsonArray();
            foreach (var o in occurrences)
            {
                if (field.IsScalar)
                {
                    if (o.Type == WireType.LengthDelimited && field.Type is not ("string" or "bytes"))
                    {
                        AddPacked(array, field.Type, data.Slice(o.Start, o.Length));
                    }
                    else
                    {
                        array.Add(Scalar(field.Type, o, data));
                    }
                }
                else
                {
                    array.Add(MessageValue(field.Type, data.Slice(o.Start, o.Length), depth + 1).Node);
                }
            }
            return new(true, array);
        }
        if (field.IsScalar)
        {
            var last = occurrences[^1];
            var node = Scalar(field.Type, last, data);
            return new(!(field.OmitZero && IsZero(field.Type, last)), node);
        }
        // A message field repeated on the wire is merged, as protobuf specifies: decode the concatenation.
        return MessageValue(field.Type, Merged(data, occurrences), depth + 1);
    }

    private static ReadOnlySpan<byte> Merged(ReadOnlySpan<byte> data, List<Occurrence> occurrences)
    {
        if (occurrences.Count == 1)
        {
            return data.Slice(occurrences[0].Start, occurrences[0].Length);
        }
        var merged = new List<byte>();
        foreach (var o in occurrences)
        {
            merged.AddRange(data.Slice(o.Start, o.Length));
        }
        return merged.ToArray();
    }

    private static (string Key, JsonNode? Value) DecodeMapEntry(ProtoField field, ReadOnlySpan<byte> entry, int depth)
    {
        var reader = new WireReader(entry);
        var key = "";
        JsonNode? value = null;
        var hasValue = false;
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadKey();
            if (number == 1 && type == WireType.LengthDelimited && field.MapKey == "string")
            {
                key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (number == 2)
            {
                value = MapValue(field, ref reader, type, depth);
                hasValue = true;
            }
            else if (number == 1)
            {
                throw new FormatException($"unsupported protobuf map key for field {field.JsonName}");
            }
            else
            {
                reader.Skip(type);
            }
        }
        if (!hasValue)
        {
            // A missing value is the value type's zero, as Go's map decoding leaves it.
            value = field.IsScalar ? Scalar(field.Type, default, []) : MessageValue(field.Type, [], depth + 1).Node;
        }
        return (key, value);
    }

    private static JsonNode? MapValue(ProtoField field, ref WireReader reader, WireType type, int depth)
    {
        var expected = field.IsScalar ? ScalarWireType(field.Type) : WireType.LengthDelimited;
        if (type != expected)
        {
            throw new FormatException($"wrong protobuf wire type {(int)type} for a value of map field {field.JsonName}");
        }
        if (type == WireType.LengthDelimited)
        {
            var slice = reader.ReadLengthDelimited();
            return field.IsScalar
                ? Scalar(field.Type, new Occurrence(type, 0, 0, slice.Length), slice)
                : MessageValue(field.Type, slice, depth + 1).Node;
        }
        var raw = type switch
        {
            WireType.Fixed64 => reader.ReadFixed64(),
            WireType.Fixed32 => reader.ReadFixed32(),
            _ => reader.ReadVarint(),
        };
        return Scalar(field.Type, new Occurrence(type, raw, 0, 0), []);
    }

    private static void AddPacked(JsonArray array, string type, ReadOnlySpan<byte> run)
    {
        var reader = new WireReader(run);
        while (!reader.AtEnd)
        {
            var wire = ScalarWireType(type);
            var raw = wire switch
            {
                WireType.Fixed64 => reader.ReadFixed64(),
                WireType.Fixed32 => reader.ReadFixed32(),
                _ => reader.ReadVarint(),
            };
            array.Add(Scalar(type, new Occurrence(wire, raw, 0, 0), []));
        }
    }

    private static JsonNode Scalar(string type, Occurrence o, ReadOnlySpan<byte> data) => type switch
    {
        "string" => JsonValue.Create(Encoding.UTF8.GetString(data.Slice(o.Start, o.Length))),
        "bytes" => JsonValue.Create(Convert.ToBase64String(data.Slice(o.Start, o.Length))),
        "bool" => JsonValue.Create(o.Value != 0),
        "int32" => JsonValue.Create(unchecked((int)o.Value)),
        "int64" => JsonValue.Create(unchecked((long)o.Value)),
        "uint32" => JsonValue.Create(unchecked((uint)o.Value)),
        "uint64" => JsonValue.Create(o.Value),
        "double" => JsonValue.Create(Finite(BitConverter.UInt64BitsToDouble(o.Value))),
        "float" => JsonValue.Create(Finite(BitConverter.UInt32BitsToSingle(unchecked((uint)o.Value)))),
        _ => throw new InvalidDataException($"proto-schema.tsv: unknown scalar type {type}"),
    };

    private static double Finite(double d) =>
        double.IsFinite(d) ? d : throw new FormatException($"protobuf number {d} has no JSON form");

    private static bool IsZero(string type, Occurrence o) => type is "string" or "bytes" ? o.Length == 0 : o.Value == 0;

    private static Decoded MessageValue(string type, ReadOnlySpan<byte> data, int depth)
    {
        if (WellKnownMessages.TryDecode(type, data, depth, out var present, out var node))
        {
            return new(present, node);
        }
        var message = ProtoSchema.Message(type);
        if (message.IsArray)
        {
            var wrapper = DecodeMessage(message, data, depth);
            var items = wrapper["items"];
            wrapper.Remove("items");
            return new(true, items ?? new JsonArray());
        }
        return new(true, DecodeMessage(message, data, depth));
    }
}
