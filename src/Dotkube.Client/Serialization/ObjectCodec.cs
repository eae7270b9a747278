using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Dotkube.Client.Serialization;

/// <summary>
/// How the client reads, writes and inspects objects of one .NET type: a KubernetesClient model
/// (anything implementing <see cref="IKubernetesObject{V1ObjectMeta}"/>) or an untyped
/// <see cref="JsonObject"/>. Resolved once per type through <see cref="For{T}"/>.
/// </summary>
public abstract class ObjectCodec<T>
    where T : class
{
    private static ObjectCodec<T>? instance;

    public abstract T Deserialize(ReadOnlySpan<byte> utf8Json);

    public abstract string Serialize(T obj);

    public abstract string? Namespace(T obj);

    public abstract string? Name(T obj);

    public abstract string? ResourceVersion(T obj);

    public abstract string? Uid(T obj);

    public abstract IEnumerable<string> OwnerUids(T obj);

    /// <summary>The object's metadata (shared with the object for models, decoded for untyped objects).</summary>
    public abstract V1ObjectMeta? Metadata(T obj);

    /// <summary>
    /// The Accept header of a GET of one object or of a watch, when this type is not the whole
    /// object (metadata-only types ask for meta.k8s.io's PartialObjectMetadata); null for plain JSON.
    /// </summary>
    public virtual string? ObjectAccept => null;

    /// <summary>The Accept header of a list (PartialObjectMetadataList for metadata-only types); null for plain JSON.</summary>
    public virtual string? ListAccept => null;

    /// <summary>
    /// A codec that reads objects without their metadata.managedFields where it can skip them while
    /// decoding (KubernetesClient models); otherwise this codec.
    /// </summary>
    public virtual ObjectCodec<T> WithoutManagedFields => this;

    public string Key(T obj) => ObjectKey.KeyOf(Namespace(obj), Name(obj) ?? "");

    public static ObjectCodec<T> Default => instance ??= Create();

    private static ObjectCodec<T> Create()
    {
        if (typeof(T) == typeof(JsonObject))
        {
            return (ObjectCodec<T>)(object)new JsonObjectCodec();
        }
        if (typeof(T) == typeof(PartialObjectMetadata))
        {
            return (ObjectCodec<T>)(object)new PartialObjectMetadataCodec();
        }
        if (typeof(IKubernetesObject<V1ObjectMeta>).IsAssignableFrom(typeof(T)))
        {
            var codec = typeof(ModelCodec<>).MakeGenericType(typeof(T));
            return (ObjectCodec<T>)Activator.CreateInstance(codec)!;
        }
        throw new NotSupportedException($"{typeof(T).Name} is neither JsonObject nor a KubernetesClient model with V1ObjectMeta.");
    }
}
