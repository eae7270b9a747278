using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Dotkube.Machinery.Protobuf;

/// <summary>Writes protobuf wire format into a growing buffer.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    public void WriteVarint(int field, ulong value)
    {
        WriteKey(field, WireType.Varint);
        WriteRawVarint(value);
    }

    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, WireType.LengthDelimited);
        WriteRawVarint((ulong)value.Length);
        buffer.Write(value);
    }

    public void WriteFixed64(int field, ulong value)
    {
        WriteKey(field, WireType.Fixed64);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void WriteFixed32(int field, uint value)
    {
        WriteKey(field, WireType.Fixed32);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private void WriteKey(int field, WireType type) => WriteRawVarint(((ulong)field << 3) | (ulong)type);

    private void WriteRawVarint(ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }
}
