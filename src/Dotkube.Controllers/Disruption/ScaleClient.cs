using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// Upstream's getScaleController: the scale of any owner through its <c>/scale</c> subresource (a
/// custom resource's included). The owner's resource, and whether it has a scale subresource, come
/// from discovery of its group version (a RESTMapper lookup, as the controller's mapper does), read
/// again when a kind is missing or after <see cref="DiscoveryTtl"/>.
/// </summary>
public sealed class ScaleClient(KubeApiClient client, TimeProvider clock)
{
    public static readonly TimeSpan DiscoveryTtl = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (V1APIResourceList? List, DateTimeOffset At)> discovered = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim discovering = new(1, 1);

    /// <summary>The owner's scale, or null when it is gone or is another object of the same name (other uid).</summary>
    /// <exception cref="InvalidOperationException">the kind is unknown, or its resource has no scale subresource (upstream's messages).</exception>
    public async Task<ControllerScale?> GetAsync(string ns, V1OwnerReference owner, CancellationToken ct)
    {
        var (group, version) = SplitApiVersion(owner.ApiVersion);
        var (type, hasScale) = await MapAsync(group, version, owner.Kind, ct)
            ?? throw new InvalidOperationException($"no matches for kind \"{owner.Kind}\" in version \"{owner.ApiVersion}\"");
        if (!hasScale)
        {
            throw new InvalidOperationException($"{GroupResource(type)} does not implement the scale subresource");
        }

        try
        {
            var scale = await client.GetAsync<V1Scale>(type, ns, owner.Name, "scale", ct);
            return scale.Metadata?.Uid == owner.Uid ? new ControllerScale(owner.Uid, scale.Spec?.Replicas ?? 0) : null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public static string GroupResource(ResourceType type) => type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    /// <summary>The resource serving <paramref name="kind"/> in the group version, and whether it lists a scale subresource.</summary>
    public static (ResourceType Type, bool HasScale)? Find(V1APIResourceList? list, string group, string version, string kind)
    {
        var resource = list?.Resources?.FirstOrDefault(r => r.Kind == kind && !r.Name.Contains('/', StringComparison.Ordinal));
        if (resource is null)
        {
            return null;
        }

        var hasScale = list!.Resources.Any(r => r.Name == resource.Name + "/scale");
        return (new ResourceType(group, version, resource.Name, kind, resource.Namespaced), hasScale);
    }

    private async Task<(ResourceType Type, bool HasScale)?> MapAsync(string group, string version, string kind, CancellationToken ct)
    {
        var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
        await discovering.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (discovered.TryGetValue(groupVersion, out var known) && now - known.At < DiscoveryTtl && Find(known.List, group, version, kind) is { } hit)
            {
                return hit;
            }

            var list = await ReadAsync(group.Length == 0 ? "/api/" + version : $"/apis/{groupVersion}", ct);
            discovered[groupVersion] = (list, now);
            return Find(list, group, version, kind);
        }
        finally
        {
            discovering.Release();
        }
    }

    /// <summary>A group version's resource list; null when the server does not serve it.</summary>
    private async Task<V1APIResourceList?> ReadAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        try
        {
            using var response = await client.SendAsync(request, streaming: false, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            return await JsonSerializer.DeserializeAsync<V1APIResourceList>(body, KubeJson.Options, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
