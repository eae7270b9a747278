using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Dotkube.Client;

/// <summary>
/// An object of any kind read for its metadata alone (meta.k8s.io's PartialObjectMetadata): the
/// rest of the JSON is skipped when decoding, so an informer over it keeps only names, uids,
/// owner references and finalizers — what the garbage collector and the namespace controller need.
/// </summary>
public sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
