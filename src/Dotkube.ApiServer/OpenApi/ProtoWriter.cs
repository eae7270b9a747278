using System.Buffers;
using System.Text;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// The small part of the protobuf wire format the gnostic messages need: strings, bools and nested
/// messages (length-delimited). Defaults (empty strings, false) are skipped as proto3 does. A nested
/// message is written to its own writer first, since its length prefix precedes it.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintWire = 0;
    private const int LengthDelimitedWire = 2;

    private readonly ArrayBufferWriter<byte> buffer;

    public ProtoWriter(int initialCapacity = 256) => buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => buffer.WrittenSpan;

    public void String(int field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        Tag(field, LengthDelimitedWire);
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        var span = buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        buffer.Advance(length);
    }

    public void Strings(int field, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            // Repeated strings keep empty elements (they are list items, not defaults).
            Tag(field, LengthDelimitedWire);
            var bytes = Encoding.UTF8.GetBytes(value);
            Varint((ulong)bytes.Length);
            buffer.Write(bytes);
        }
    }

    public void Bool(int field, bool value)
    {
        if (!value)
        {
            return;
        }
        Tag(field, VarintWire);
        Varint(1);
    }

    /// <summary>A nested message; written even when empty, since presence matters (e.g. an empty StringArray).</summary>
    public void Message(int field, Action<ProtoWriter> body)
    {
        var nested = new ProtoWriter();
        body(nested);
        Tag(field, LengthDelimitedWire);
        Varint((ulong)nested.Length);
        buffer.Write(nested.WrittenSpan);
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        buffer.Advance(i);
    }
}
