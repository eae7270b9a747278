using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dotkube.ApiServer.Authentication;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// Proxies an HTTP/1.1 Upgrade request (SPDY/3.1 for exec, attach and port-forward; websockets)
/// to an extension API server, as upstream's upgrade-aware proxy does: its own TLS connection to
/// the backend with the front-proxy client certificate, the request head written with the
/// caller's identity in X-Remote-* lines, and, once the backend answers 101, the two connections
/// joined byte for byte until either side closes. Any other answer is passed back as a response.
/// </summary>
public sealed class UpgradeProxy(X509Certificate2? proxyClientCertificate)
{
    private const int MaxHead = 64 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Whether the request asks to switch protocols (and the connection can).</summary>
    public static bool IsUpgrade(HttpContext ctx) => ctx.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true };

    public async Task ProxyAsync(HttpContext ctx, ApiServiceView service, Uri location, UserInfo user)
    {
        var ct = ctx.RequestAborted;
        using var tcp = new TcpClient();
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(ConnectTimeout);
            await tcp.ConnectAsync(location.Host, location.Port, connect.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusException(503, "ServiceUnavailable", $"error dialing backend: {e.Message}");
        }
        await using var backend = await SecureAsync(tcp.GetStream(), service, location, ct);
        await backend.WriteAsync(Encoding.ASCII.GetBytes(RequestHead(ctx, location, user)), ct);
        await backend.FlushAsync(ct);
        var (head, leftover) = await ReadHeadAsync(backend, ct);
        var (status, headers) = ParseHead(head);
        if (status != 101)
        {
            await PassResponseAsync(ctx, status, headers, leftover, backend, ct);
            return;
        }
        foreach (var (name, value) in headers)
        {
            if (!ProxyHeaders.IsHopByHop(name) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Response.Headers.Append(name, value);
            }
        }
        var client = await ctx.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
        if (leftover.Length > 0)
        {
            await client.WriteAsync(leftover, ct);
            await client.FlushAsync(ct);
        }
        await JoinAsync(client, backend);
    }

    /// <summary>The request head for the backend; the pure part, for tests.</summary>
    public static string RequestHead(HttpContext ctx, Uri location, UserInfo user)
    {
        var req = ctx.Request;
        var sb = new StringBuilder();
        sb.Append(req.Method).Append(' ').Append(req.PathBase).Append(req.Path.ToUriComponent()).Append(req.QueryString.ToUriComponent()).Append(" HTTP/1.1\r\n");
        sb.Append("Host: ").Append(location.Authority).Append("\r\n");
        foreach (var (name, values) in req.Headers)
        {
            if (ProxyHeaders.IsStripped(name))
            {
                continue;
            }
            foreach (var value in values)
            {
                sb.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
        sb.Append("Connection: Upgrade\r\n");
        sb.Append("Upgrade: ").Append(req.Headers.Upgrade.ToString()).Append("\r\n");
        foreach (var (name, value) in ProxyHeaders.For(user))
        {
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (ctx.Connection.RemoteIpAddress is { } address)
        {
            sb.Append("X-Forwarded-For: ").Append(address).Append("\r\n");
        }
        return sb.Append("\r\n").ToString();
    }

    /// <summary>The status code and header lines of a response head (without its blank line).</summary>
    public static (int Status, List<KeyValuePair<string, string>> Headers) ParseHead(string head)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var statusLine = lines.Length > 0 ? lines[0].Split(' ', 3) : [];
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new StatusException(502, "BadGateway", "the backend answered the upgrade with something that is not HTTP");
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }
        return (status, headers);
    }

    private async Task<Stream> SecureAsync(NetworkStream stream, ApiServiceView service, Uri location, CancellationToken ct)
    {
        if (location.Scheme != Uri.UriSchemeHttps)
        {
            return stream;
        }
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = service.Service!.ServerName,
                ClientCertificates = proxyClientCertificate is null ? null : new X509CertificateCollection { proxyClientCertificate },
                RemoteCertificateValidationCallback = service.InsecureSkipTlsVerify
                    ? (_, _, _, _) => true
                    : BackendClients.Verifier(service.Service.ServerName, service.CaBundle),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, ct);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            throw new StatusException(503, "ServiceUnavailable", $"error dialing backend: {e.Message}");
        }
        return ssl;
    }

    /// <summary>Reads up to the blank line; returns the head and the bytes read past it.</summary>
    private static async Task<(string Head, byte[] Leftover)> ReadHeadAsync(Stream backend, CancellationToken ct)
    {
        var buffer = new byte[8192];
        using var head = new MemoryStream();
        while (head.Length < MaxHead)
        {
            var read = await backend.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new StatusException(502, "BadGateway", "the backend closed the connection before answering the upgrade");
            }
            head.Write(buffer, 0, read);
            var bytes = head.GetBuffer().AsSpan(0, (int)head.Length);
            var end = bytes.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(bytes[..end]), bytes[(end + 4)..].ToArray());
            }
        }
        throw new StatusException(502, "BadGateway", "the backend's answer to the upgrade has a head over 64 KiB");
    }

    /// <summary>A refused upgrade: the backend's status, headers and body (by Content-Length, chunks, or to the end).</summary>
    private static async Task PassResponseAsync(HttpContext ctx, int status, List<KeyValuePair<string, string>> headers, byte[] leftover, Stream backend, CancellationToken ct)
    {
        var res = ctx.Response;
        res.StatusCode = status;
        long? length = null;
        var chunked = false;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
            chunked |= name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            if (!ProxyHeaders.IsHopByHop(name) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                res.Headers.Append(name, value);
            }
        }
        var body = new PrefixedStream(leftover, backend);
        if (chunked)
        {
            await ChunkedBody.CopyAsync(body, res.Body, ct);
            return;
        }
        var buffer = new byte[16 * 1024];
        var remaining = length ?? long.MaxValue;
        while (remaining > 0)
        {
            var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
            if (read == 0)
            {
                break;
            }
            await res.Body.WriteAsync(buffer.AsMemory(0, read), ct);
            remaining -= read;
        }
    }

    /// <summary>Copies both ways until one side ends, then closes both.</summary>
    private static async Task JoinAsync(Stream client, Stream backend)
    {
        using var done = new CancellationTokenSource();
        var up = Pump(client, backend, done.Token);
        var down = Pump(backend, client, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        await client.DisposeAsync();
        await backend.DisposeAsync();
        await Task.WhenAll(up, down);
    }

    private static async Task Pump(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
                await to.FlushAsync(ct);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // One side went away: the tunnel ends, which is what the other side sees.
        }
    }
}
