using System.Collections.Frozen;

namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// A Kubernetes protobuf message. <see cref="Fields"/> is in Go struct order, which is the order
/// client-go's JSON writes them. <see cref="IsArray"/> marks a message standing for a named Go
/// slice (meta/v1 Verbs, ExtraValue): its JSON is the bare array of its items.
/// </summary>
internal sealed class ProtoMessage(string name, bool isArray, IReadOnlyList<ProtoField> fields)
{
    public string Name { get; } = name;
    public bool IsArray { get; } = isArray;
    public IReadOnlyList<ProtoField> Fields { get; } = fields;
    public FrozenDictionary<int, ProtoField> ByNumber { get; } = fields.ToFrozenDictionary(f => f.Number);
    public FrozenDictionary<string, ProtoField> ByJsonName { get; } =
        fields.Where(f => !f.Inline && f.JsonName != "-").ToFrozenDictionary(f => f.JsonName, StringComparer.Ordinal);
}
