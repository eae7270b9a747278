using Google.Protobuf;

namespace Dotkube.Machinery.Tests.Protobuf;

/// <summary>Builds protobuf wire bytes field by field with Google.Protobuf's CodedOutputStream.</summary>
internal sealed class ProtoBuilder
{
    private readonly MemoryStream stream = new();
    private readonly CodedOutputStream output;

    public ProtoBuilder() => output = new CodedOutputStream(stream, leaveOpen: true);

    public ProtoBuilder Str(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public ProtoBuilder Bytes(int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoBuilder Int(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    public ProtoBuilder Bool(int field, bool value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteBool(value);
        return this;
    }

    public ProtoBuilder Double(int field, double value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed64);
        output.WriteDouble(value);
        return this;
    }

    public ProtoBuilder Msg(int field, Action<ProtoBuilder> build)
    {
        var inner = new ProtoBuilder();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A map&lt;string,string&gt; entry.</summary>
    public ProtoBuilder Entry(int field, string key, string value) => Msg(field, e => e.Str(1, key).Str(2, value));

    public byte[] ToArray()
    {
        output.Flush();
        return stream.ToArray();
    }

    /// <summary>A whole request body: "k8s\0" and the runtime.Unknown envelope around the typed message.</summary>
    public static byte[] Body(string apiVersion, string kind, Action<ProtoBuilder> build)
    {
        var raw = new ProtoBuilder();
        build(raw);
        var envelope = new ProtoBuilder()
            .Msg(1, t => t.Str(1, apiVersion).Str(2, kind))
            .Bytes(2, raw.ToArray())
            .Str(3, "")
            .Str(4, "");
        return [.. "k8s\0"u8.ToArray(), .. envelope.ToArray()];
    }
}
