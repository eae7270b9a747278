using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>What the OpenAPI documents say beyond the resources themselves.</summary>
public sealed record OpenApiOptions
{
    /// <summary>info.version of the documents: the server's gitVersion, as /version reports it.</summary>
    public string KubernetesVersion { get; init; } = "v1.32.0";

    /// <summary>
    /// Whether operations list application/vnd.kubernetes.protobuf among the types they produce.
    /// Off unless the server really serves protobuf.
    /// </summary>
    public bool AdvertiseProtobuf { get; init; }

    /// <summary>
    /// The OpenAPI v3 schema (a CRD version's openAPIV3Schema, as JSON) of a resource version that has
    /// no KubernetesClient model; null when it has none, and the kind is then published as an object
    /// that keeps unknown fields.
    /// </summary>
    public Func<ResourceDefinition, string, JsonObject?>? CustomResourceSchema { get; init; }
}
