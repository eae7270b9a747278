using System.Text.Json;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Client;

public sealed partial class KubeApiClient
{
    /// <summary>
    /// DELETE on a collection (the deletecollection verb): every object of <paramref name="ns"/>
    /// (all namespaces when null) matching the list options' selectors is deleted as if by its own
    /// DELETE with <paramref name="options"/>. The server does the whole collection in one call, so
    /// the call may take longer than <see cref="KubeApiClientOptions.RequestTimeout"/>: it gets
    /// <paramref name="timeout"/> (default five minutes).
    /// </summary>
    public async Task DeleteCollectionAsync(ResourceType type, string? ns, DeleteOptions? options = null, ListOptions? listOptions = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString()
            .Add("labelSelector", listOptions?.LabelSelector)
            .Add("fieldSelector", listOptions?.FieldSelector);
        var body = new V1DeleteOptions
        {
            ApiVersion = "v1",
            Kind = "DeleteOptions",
            PropagationPolicy = options?.PropagationPolicy,
            GracePeriodSeconds = options?.GracePeriodSeconds,
            DryRun = options?.DryRun == true ? ["All"] : null,
        };
        await SendForBytesAsync(HttpMethod.Delete, type.Path(ns) + query, JsonContent(JsonSerializer.Serialize(body, KubeJson.Options)), cancellationToken, timeout ?? TimeSpan.FromMinutes(5)).ConfigureAwait(false);
    }
}
