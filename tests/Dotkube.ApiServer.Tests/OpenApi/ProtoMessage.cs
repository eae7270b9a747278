using System.Text;
using Google.Protobuf;

namespace Dotkube.ApiServer.Tests.OpenApi;

/// <summary>
/// A protobuf message decoded without its schema: fields by number, each a varint or bytes. Enough
/// to walk gnostic's messages by the field numbers of OpenAPIv2.proto.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly List<(int Field, ulong Varint, ByteString? Bytes)> fields = [];

    public ProtoMessage(ReadOnlySpan<byte> bytes)
    {
        var input = new CodedInputStream(bytes.ToArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add((field, input.ReadUInt64(), null));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((field, 0, input.ReadBytes()));
                    break;
                default:
                    throw new InvalidDataException($"unexpected wire type in tag {tag}");
            }
        }
    }

    public IEnumerable<ProtoMessage> Messages(int field) =>
        fields.Where(f => f.Field == field).Select(f => new ProtoMessage(f.Bytes!.Span));

    public ProtoMessage? Message(int field) => Messages(field).SingleOrDefault();

    public IEnumerable<string> Strings(int field) =>
        fields.Where(f => f.Field == field).Select(f => Encoding.UTF8.GetString(f.Bytes!.Span));

    public string? String(int field) => Strings(field).SingleOrDefault();

    public bool Bool(int field) => fields.Any(f => f.Field == field && f.Varint != 0);

    /// <summary>gnostic's Named* messages (name = 1, value = 2) as pairs.</summary>
    public IEnumerable<(string Name, ProtoMessage Value)> Named(int field) =>
        Messages(field).Select(m => (m.String(1)!, m.Message(2)!));

    public int FieldCount => fields.Count;
}
