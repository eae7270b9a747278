using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using k8s;
using k8s.Models;

namespace Dotkube.Client;

public sealed partial class KubeApiClient
{
    /// <summary>POST a new object into <paramref name="ns"/> (ignored for cluster-scoped resources).</summary>
    public async Task<T> CreateAsync<T>(ResourceType type, string? ns, T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        var body = await SendForBytesAsync(HttpMethod.Post, type.Path(ns ?? codec.Namespace(obj)) + WriteQuery(options), Body(type, obj), cancellationToken).ConfigureAwait(false);
        return codec.Deserialize(body);
    }

    /// <summary>PUT the object (a compare-and-swap on its metadata.resourceVersion when set: 409 Conflict if stale).</summary>
    public Task<T> UpdateAsync<T>(ResourceType type, T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class => ReplaceAsync(type, obj, null, options, cancellationToken);

    /// <summary>PUT the object's status subresource.</summary>
    public Task<T> UpdateStatusAsync<T>(ResourceType type, T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class => ReplaceAsync(type, obj, "status", options, cancellationToken);

    /// <summary>PUT a subresource of the object named by <paramref name="obj"/>'s metadata (e.g. "scale").</summary>
    public async Task<T> ReplaceAsync<T>(ResourceType type, T obj, string? subresource, WriteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        var name = codec.Name(obj) ?? throw new ArgumentException("the object has no metadata.name", nameof(obj));
        var path = type.Path(codec.Namespace(obj), name, subresource) + WriteQuery(options);
        var body = await SendForBytesAsync(HttpMethod.Put, path, Body(type, obj, subresource is null), cancellationToken).ConfigureAwait(false);
        return codec.Deserialize(body);
    }

    /// <summary>PATCH an object (or a subresource) with <paramref name="patch"/> in the given format.</summary>
    public async Task<T> PatchAsync<T>(ResourceType type, string? ns, string name, PatchType patchType, string patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
        where T : class
    {
        if (patchType == PatchType.Apply && string.IsNullOrEmpty(options?.FieldManager))
        {
            throw new ArgumentException("server-side apply needs PatchOptions.FieldManager", nameof(options));
        }
        var query = WriteQuery(options, options?.Force);
        var contentType = patchType switch
        {
            PatchType.Json => "application/json-patch+json",
            PatchType.Merge => "application/merge-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            PatchType.Apply => "application/apply-patch+yaml",
            _ => throw new ArgumentOutOfRangeException(nameof(patchType)),
        };
        var body = await SendForBytesAsync(HttpMethod.Patch, type.Path(ns, name, subresource) + query, JsonContent(patch, contentType), cancellationToken).ConfigureAwait(false);
        return ObjectCodec<T>.Default.Deserialize(body);
    }

    /// <summary>PATCH with a JSON document (serialized with the KubernetesClient options).</summary>
    public Task<T> PatchAsync<T>(ResourceType type, string? ns, string name, PatchType patchType, JsonNode patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
        where T : class => PatchAsync<T>(type, ns, name, patchType, patch.ToJsonString(), options, subresource, cancellationToken);

    /// <summary>DELETE an object; 404 throws (use <see cref="KubeApiException.IsNotFound"/> to ignore it).</summary>
    public async Task DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        HttpContent? content = null;
        if (options is not null)
        {
            var body = new V1DeleteOptions
            {
                ApiVersion = "v1",
                Kind = "DeleteOptions",
                PropagationPolicy = options.PropagationPolicy,
                GracePeriodSeconds = options.GracePeriodSeconds,
                DryRun = options.DryRun ? ["All"] : null,
                Preconditions = options.PreconditionUid is null && options.PreconditionResourceVersion is null
                    ? null
                    : new V1Preconditions { ResourceVersion = options.PreconditionResourceVersion, Uid = options.PreconditionUid },
            };
            content = JsonContent(JsonSerializer.Serialize(body, KubeJson.Options));
        }
        await SendForBytesAsync(HttpMethod.Delete, type.Path(ns, name), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST to a subresource (pods/binding, pods/eviction, serviceaccounts/token, …) and return the
    /// response (an object or a Status) untyped. <paramref name="body"/> is a model or a JsonObject.
    /// </summary>
    public async Task<JsonObject> PostSubresourceAsync(ResourceType type, string? ns, string name, string subresource, object body, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var json = body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body, body.GetType(), KubeJson.Options);
        var response = await SendForBytesAsync(HttpMethod.Post, type.Path(ns, name, subresource) + WriteQuery(options), JsonContent(json), cancellationToken).ConfigureAwait(false);
        return ObjectCodec<JsonObject>.Default.Deserialize(response);
    }

    private static string WriteQuery(WriteOptions? options, bool? force = null) => options is null
        ? ""
        : new QueryString()
            .Add("fieldManager", options.FieldManager)
            .Add("dryRun", options.DryRun ? "All" : null)
            .Add("fieldValidation", options.FieldValidation)
            .Add("force", force)
            .ToString();

    // Typed models start with apiVersion and kind unset; the API needs them on the main resource.
    private static StringContent Body<T>(ResourceType type, T obj, bool fillTypeMeta = true)
        where T : class
    {
        if (fillTypeMeta)
        {
            switch (obj)
            {
                case IKubernetesObject typed:
                    typed.ApiVersion ??= type.ApiVersion;
                    typed.Kind ??= type.Kind;
                    break;
                case JsonObject untyped:
                    untyped["apiVersion"] ??= type.ApiVersion;
                    untyped["kind"] ??= type.Kind;
                    break;
            }
        }
        return JsonContent(ObjectCodec<T>.Default.Serialize(obj));
    }
}
