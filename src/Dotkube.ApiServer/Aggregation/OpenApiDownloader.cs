using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// kube-aggregator's OpenAPI controllers: downloads /openapi/v2 and the /openapi/v3 index from the
/// backend of every available APIService with a service (once per backend when several
/// APIServices share one), whenever the set of APIServices or their availability changes and
/// every minute, and hands the result to <see cref="AggregatedSpecs"/> when it differs. A backend
/// that fails to answer keeps its last downloaded spec, as upstream's does.
/// </summary>
public sealed class OpenApiDownloader(
    ApiServiceTable table,
    ServiceResolver resolver,
    BackendClients clients,
    AggregatedSpecs specs,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>How often every backend's OpenAPI is downloaded again (upstream: one minute).</summary>
    public static readonly TimeSpan Resync = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken ct)
    {
        var seen = -1L;
        var last = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            var generation = table.Generation;
            if (generation != seen || clock.GetUtcNow() - last >= Resync)
            {
                seen = generation;
                last = clock.GetUtcNow();
                try
                {
                    await RefreshAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogWarning(e, "downloading the aggregated OpenAPI failed; retrying at the next change or in a minute");
                }
            }
            try
            {
                await Task.Delay(Poll, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One download round over every available aggregated APIService.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var services = table.AvailableRemote.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var downloads = new Dictionary<(ServiceReference, string, bool), Task<(JsonObject? V2, JsonObject? V3Index)>>();
        foreach (var service in services)
        {
            var key = (service.Service!, service.CaBundle, service.InsecureSkipTlsVerify);
            if (!downloads.ContainsKey(key))
            {
                downloads[key] = DownloadAsync(service, ct);
            }
        }
        var previous = specs.Current.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var result = new List<AggregatedSpec>();
        foreach (var service in services)
        {
            var (v2, index) = await downloads[(service.Service!, service.CaBundle, service.InsecureSkipTlsVerify)];
            var old = previous.GetValueOrDefault(service.Name);
            var path = service.PathPrefix[1..];
            IReadOnlyDictionary<string, string> v3 = index is null
                ? old?.V3 ?? new Dictionary<string, string>()
                : index["paths"]?[path]?["serverRelativeURL"] is JsonValue url && url.TryGetValue<string>(out var text)
                    ? new Dictionary<string, string> { [path] = text }
                    : new Dictionary<string, string>();
            result.Add(new AggregatedSpec(service.Name, v2 ?? old?.V2, v3));
        }
        if (!Same(result, specs.Current))
        {
            logger.LogInformation("aggregated OpenAPI updated: {Count} APIServices", result.Count);
            specs.Set(result);
        }
    }

    private async Task<(JsonObject? V2, JsonObject? V3Index)> DownloadAsync(ApiServiceView service, CancellationToken ct)
    {
        var reference = service.Service!;
        var resolved = await resolver.ResolveAsync(reference.Namespace, reference.Name, reference.Port, ct);
        if (resolved.Location is not { } location)
        {
            return (null, null);
        }
        var v2 = GetAsync(service, new Uri(location, "/openapi/v2"), ct);
        var v3 = GetAsync(service, new Uri(location, "/openapi/v3"), ct);
        return (await v2, await v3);
    }

    private async Task<JsonObject?> GetAsync(ApiServiceView service, Uri url, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url)
            {
                Version = System.Net.HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Headers.Accept.ParseAdd("application/json");
            foreach (var (name, value) in ProxyHeaders.For(AvailabilityCheck.Aggregator))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await clients.For(service).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("OpenAPI of APIService {Name}: {Url} answered {Code}", service.Name, url, (int)response.StatusCode);
                return null;
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonNode.ParseAsync(body, cancellationToken: timeout.Token) as JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogInformation("OpenAPI of APIService {Name}: {Url}: {Error}", service.Name, url, e.Message);
            return null;
        }
    }

    private static bool Same(IReadOnlyList<AggregatedSpec> a, IReadOnlyList<AggregatedSpec> b) =>
        a.Count == b.Count && a.Zip(b).All(p =>
            p.First.Name == p.Second.Name
            && p.First.V3.Count == p.Second.V3.Count && p.First.V3.All(e => p.Second.V3.TryGetValue(e.Key, out var v) && v == e.Value)
            && (ReferenceEquals(p.First.V2, p.Second.V2) || p.First.V2?.ToJsonString() == p.Second.V2?.ToJsonString()));
}
