using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>An Available condition's status, reason and message.</summary>
public sealed record Availability(bool Available, string Reason, string Message)
{
    public static Availability Local { get; } = new(true, "Local", "Local APIServices are always available");

    public static Availability Passed { get; } = new(true, "Passed", "all checks passed");
}

/// <summary>
/// kube-aggregator's availability check for one APIService with a service: the service must
/// resolve to an address and the backend must answer GET /apis/GROUP/VERSION with a 2xx. The
/// answer is the group-version's discovery document, kept for /apis and aggregated discovery.
/// </summary>
public sealed class AvailabilityCheck(ServiceResolver resolver, BackendClients clients, ApiServiceTable table)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The identity the aggregator's own checks carry to the backend.</summary>
    public static UserInfo Aggregator { get; } = new("system:kube-aggregator", []);

    public async Task<Availability> CheckAsync(ApiServiceView service, CancellationToken ct)
    {
        var reference = service.Service!;
        var resolved = await resolver.ResolveAsync(reference.Namespace, reference.Name, reference.Port, ct);
        if (resolved.Location is not { } location)
        {
            table.SetDiscovery(service.GroupVersion, null);
            return new Availability(false, resolved.Reason, resolved.Message);
        }
        var url = new Uri(location, service.PathPrefix);
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
            foreach (var (name, value) in ProxyHeaders.For(Aggregator))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await clients.For(service).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                table.SetDiscovery(service.GroupVersion, null);
                return new Availability(false, "FailedDiscoveryCheck", $"failing or missing response from {url}: bad status from {url}: {(int)response.StatusCode}");
            }
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            table.SetDiscovery(service.GroupVersion, Resources(body));
            return Availability.Passed;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            table.SetDiscovery(service.GroupVersion, null);
            var why = e is OperationCanceledException ? "context deadline exceeded" : e.Message;
            return new Availability(false, "FailedDiscoveryCheck", $"failing or missing response from {url}: Get \"{url}\": {why}");
        }
    }

    /// <summary>An APIResourceList's resources, or an empty list when the body is not one.</summary>
    public static JsonArray Resources(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject { } list && list["resources"] is JsonArray resources
                ? (JsonArray)resources.DeepClone()
                : [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
