using Dotkube.Client.Discovery;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Client;

public sealed partial class KubeApiClient
{
    /// <summary>
    /// Every resource the server serves in every version (legacy discovery: /api/v1, /apis and
    /// each group version), subresources left out; <see cref="DiscoveryResult.Preferred"/> has each
    /// once. Group versions that fail to answer are reported in
    /// <see cref="DiscoveryResult.FailedGroupVersions"/> rather than thrown.
    /// </summary>
    public async Task<DiscoveryResult> DiscoverResourcesAsync(CancellationToken cancellationToken = default)
    {
        var resources = new List<ApiResource>();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var core = await GetJsonAsync<V1APIResourceList>("/api/v1", cancellationToken).ConfigureAwait(false);
        AddResources(resources, "", "v1", core);
        var groups = await GetJsonAsync<V1APIGroupList>("/apis", cancellationToken).ConfigureAwait(false);
        foreach (var group in groups.Groups ?? [])
        {
            var preferred = group.PreferredVersion?.Version;
            var versions = (group.Versions ?? []).Select(v => v.Version)
                .OrderBy(v => v == preferred ? 0 : 1)
                .ToList();
            foreach (var version in versions)
            {
                var groupVersion = $"{group.Name}/{version}";
                try
                {
                    var list = await GetJsonAsync<V1APIResourceList>("/apis/" + groupVersion, cancellationToken).ConfigureAwait(false);
                    AddResources(resources, group.Name, version, list);
                }
                catch (Exception e) when (e is KubeApiException or TimeoutException or HttpRequestException or System.Text.Json.JsonException)
                {
                    failed[groupVersion] = e.Message;
                }
            }
        }
        return new DiscoveryResult(resources, failed);
    }

    private static void AddResources(List<ApiResource> into, string group, string version, V1APIResourceList list)
    {
        foreach (var r in list.Resources ?? [])
        {
            if (r.Name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }
            into.Add(new ApiResource(new ResourceType(group, version, r.Name, r.Kind, r.Namespaced), [.. r.Verbs ?? []]));
        }
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        var body = await SendForBytesAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, KubeJson.Options) ?? throw new System.Text.Json.JsonException($"{path} answered null");
    }
}
