namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// One field of a Kubernetes protobuf message, joined with its Go JSON facts.
/// <see cref="Type"/> is a proto scalar name (string, bytes, bool, int32, int64, double, ...) or a
/// message's full name; for a map field it is the value type and <see cref="MapKey"/> is set.
/// </summary>
internal sealed record ProtoField(
    int Number,
    string JsonName,
    string Type,
    bool Repeated,
    string? MapKey,
    bool OmitZero,
    bool Inline)
{
    public bool IsMap => MapKey is not null;

    public bool IsScalar => ProtoSchema.IsScalar(Type);
}
