namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// Reads protobuf wire format from a span. Every malformation (truncated varint or field, a length
/// past the end, a group or unknown wire type) throws a <see cref="FormatException"/> that says
/// what and where.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly bool AtEnd => position >= data.Length;

    /// <summary>Reads the next field key.</summary>
    public (int Field, WireType Type) ReadKey()
    {
        var at = position;
        var key = ReadVarint();
        var field = key >> 3;
        if (field is 0 or > 536_870_911)
        {
            throw new FormatException($"invalid protobuf field number {field} at offset {at}");
        }
        var type = (WireType)(key & 7);
        if (type is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            throw new FormatException($"unsupported protobuf wire type {(int)type} for field {field} at offset {at}");
        }
        return ((int)field, type);
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new FormatException($"truncated protobuf varint at offset {position}");
            }
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException($"protobuf varint longer than 10 bytes at offset {position}");
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var at = position;
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position))
        {
            throw new FormatException($"protobuf length {length} at offset {at} runs past the end of the data");
        }
        var slice = data.Slice(position, (int)length);
        position += (int)length;
        return slice;
    }

    public ulong ReadFixed64() => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                ReadLengthDelimited();
                break;
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (data.Length - position < n)
        {
            throw new FormatException($"truncated protobuf fixed-width value at offset {position}");
        }
        var slice = data.Slice(position, n);
        position += n;
        return slice;
    }
}
