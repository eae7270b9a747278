using System.Text.Json;
using k8s;
using k8s.Models;

namespace Dotkube.Client.Serialization;

/// <summary>Codec for KubernetesClient models, serialized with <see cref="KubeJson.Options"/>.</summary>
internal class ModelCodec<T>(JsonSerializerOptions readOptions) : ObjectCodec<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private ObjectCodec<T>? withoutManagedFields;

    public ModelCodec()
        : this(KubeJson.Options)
    {
    }

    public override ObjectCodec<T> WithoutManagedFields => withoutManagedFields ??=
        ReferenceEquals(readOptions, KubeJson.OptionsWithoutManagedFields) ? this : CreateWithoutManagedFields();

    public override T Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<T>(utf8Json, readOptions) ?? throw new JsonException("null object");

    protected virtual ObjectCodec<T> CreateWithoutManagedFields() => new ModelCodec<T>(KubeJson.OptionsWithoutManagedFields);

    public override string Serialize(T obj) => JsonSerializer.Serialize(obj, KubeJson.Options);

    public override string? Namespace(T obj) => obj.Metadata?.NamespaceProperty;

    public override string? Name(T obj) => obj.Metadata?.Name;

    public override string? ResourceVersion(T obj) => obj.Metadata?.ResourceVersion;

    public override string? Uid(T obj) => obj.Metadata?.Uid;

    public override IEnumerable<string> OwnerUids(T obj) =>
        obj.Metadata?.OwnerReferences?.Select(o => o.Uid) ?? [];

    public override V1ObjectMeta? Metadata(T obj) => obj.Metadata;
}
