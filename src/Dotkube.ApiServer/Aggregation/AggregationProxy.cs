using System.Buffers;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Routing;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// Forwards a request for an aggregated group-version to its extension API server, after dotkube
/// has authenticated and authorized it: the path and query unchanged, the caller's identity in
/// X-Remote-* headers over the front-proxy client certificate, the response (status, headers,
/// body) streamed back as it arrives so watches and long lists flow through.
/// </summary>
public sealed class AggregationProxy(ApiServiceTable table, ServiceResolver resolver, BackendClients clients, UpgradeProxy upgrades)
{
    private const int BufferSize = 16 * 1024;

    /// <summary>True when the request belonged to an aggregated group-version and was answered.</summary>
    public async Task<bool> TryProxyAsync(HttpContext ctx, RequestInfo info, UserInfo user)
    {
        var service = Target(info.Path);
        if (service is null)
        {
            return false;
        }
        if (!table.IsAvailable(service.Name))
        {
            throw new StatusException(503, "ServiceUnavailable", "service unavailable");
        }
        var ct = ctx.RequestAborted;
        var reference = service.Service!;
        var resolved = await resolver.ResolveAsync(reference.Namespace, reference.Name, reference.Port, ct);
        if (resolved.Location is not { } location)
        {
            throw new StatusException(503, "ServiceUnavailable", resolved.Message);
        }
        if (UpgradeProxy.IsUpgrade(ctx))
        {
            await upgrades.ProxyAsync(ctx, service, location, user);
            return true;
        }
        using var request = BuildRequest(ctx, location, user);
        HttpResponseMessage response;
        try
        {
            response = await clients.For(service).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new StatusException(503, "ServiceUnavailable", $"Error trying to reach service: '{e.Message}'");
        }
        using (response)
        {
            await CopyResponseAsync(ctx, response, ct);
        }
        return true;
    }

    /// <summary>The remote APIService serving a path: /apis/G/V[/...] or its OpenAPI v3 document.</summary>
    public ApiServiceView? Target(string path)
    {
        var p = path.AsSpan();
        if (p.StartsWith("/openapi/v3/apis/", StringComparison.Ordinal))
        {
            p = p["/openapi/v3".Length..];
        }
        if (!p.StartsWith("/apis/", StringComparison.Ordinal))
        {
            return null;
        }
        p = p["/apis/".Length..];
        var slash = p.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }
        var group = p[..slash].ToString();
        var rest = p[(slash + 1)..];
        var end = rest.IndexOf('/');
        var version = (end < 0 ? rest : rest[..end]).ToString();
        return version.Length == 0 ? null : table.Remote(group, version);
    }

    private static HttpRequestMessage BuildRequest(HttpContext ctx, Uri location, UserInfo user)
    {
        var req = ctx.Request;
        var target = new Uri(location, req.PathBase + req.Path + req.QueryString);
        var message = new HttpRequestMessage(new HttpMethod(req.Method), target)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var hasBody = req.ContentLength > 0 || (req.ContentLength is null && req.Headers.TransferEncoding.Count > 0);
        if (hasBody)
        {
            message.Content = new StreamContent(req.Body, BufferSize);
            // The header rewriting stream cannot tell where a body ends, so this connection ends with it.
            message.Headers.ConnectionClose = true;
        }
        foreach (var (name, values) in req.Headers)
        {
            if (ProxyHeaders.IsStripped(name))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        foreach (var (name, value) in ProxyHeaders.For(user))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        var forwarded = ctx.Connection.RemoteIpAddress?.ToString();
        if (forwarded is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", forwarded);
        }
        return message;
    }

    private static async Task CopyResponseAsync(HttpContext ctx, HttpResponseMessage response, CancellationToken ct)
    {
        var res = ctx.Response;
        res.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!ProxyHeaders.IsHopByHop(name))
            {
                res.Headers[name] = values.ToArray();
            }
        }
        // Watches and chunked lists must reach the client as the backend writes them.
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                await res.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                await res.Body.FlushAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
