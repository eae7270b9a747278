using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>Where an APIService's backend is, or why it cannot be reached (an Available condition's reason).</summary>
public sealed record ResolvedService(Uri? Location, string Reason, string Message)
{
    public static ResolvedService At(Uri location) => new(location, "", "");

    public static ResolvedService Failed(string reason, string message) => new(null, reason, message);
}

/// <summary>
/// Finds the address an APIService's spec.service points at, as kube-apiserver does with
/// --enable-aggregator-routing: an ExternalName service's host, otherwise a ready endpoint address
/// for the service port. dotkube has no kube-proxy, so a ClusterIP is never dialled.
/// </summary>
public sealed class ServiceResolver(CoreObjectGetter get)
{
    public async Task<ResolvedService> ResolveAsync(string ns, string name, int port, CancellationToken ct)
    {
        var service = await get("services", ns, name, ct);
        if (service is null)
        {
            return ResolvedService.Failed("ServiceNotFound", $"service/{name} in \"{ns}\" is not present");
        }
        return Resolve(service, await get("endpoints", ns, name, ct), port);
    }

    /// <summary>The pure part: a Service (and its Endpoints, if any) to an https address.</summary>
    public static ResolvedService Resolve(JsonObject service, JsonObject? endpoints, int port)
    {
        var ns = service.Obj("metadata").StrOrEmpty("namespace");
        var name = service.Name();
        var spec = service.Obj("spec");
        if (spec.Str("type") == "ExternalName")
        {
            var host = spec.StrOrEmpty("externalName");
            return host.Length == 0
                ? ResolvedService.Failed("ServiceNotFound", $"service/{name} in \"{ns}\" has no externalName")
                : ResolvedService.At(Https(host, port));
        }
        var servicePort = spec.Arr("ports").Objects().FirstOrDefault(p => p.Int("port") == port);
        if (servicePort is null)
        {
            return ResolvedService.Failed("ServicePortError", $"service/{name} in \"{ns}\" is not listening on port {port}");
        }
        var portName = servicePort.StrOrEmpty("name");
        if (endpoints is null)
        {
            return ResolvedService.Failed("EndpointsNotFound", $"cannot find endpoints for service/{name} in \"{ns}\"");
        }
        foreach (var subset in endpoints.Arr("subsets").Objects())
        {
            var match = subset.Arr("ports").Objects().FirstOrDefault(p => p.StrOrEmpty("name") == portName);
            var address = subset.Arr("addresses").Objects().Select(a => a.StrOrEmpty("ip")).FirstOrDefault(ip => ip.Length > 0);
            if (match?.Int("port") is { } target && address is not null)
            {
                return ResolvedService.At(Https(address, (int)target));
            }
        }
        return ResolvedService.Failed("MissingEndpoints", $"endpoints for service/{name} in \"{ns}\" have no addresses with port name \"{portName}\"");
    }

    private static Uri Https(string host, int port)
    {
        var h = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return new Uri($"https://{h}:{port}");
    }
}
