using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// POSTs AdmissionReviews over HTTPS to a webhook's clientConfig: to <c>url</c>, or to
/// <c>service</c> — addressed as <c>https://name.namespace.svc:port/path</c> (the name the
/// serving certificate must carry) but dialled at a Service of type ExternalName's host, or at
/// one of the ready addresses of the Service's Endpoints (dotkube has no kube-proxy, so a
/// clusterIP does not route). When clientConfig.caBundle is set only it is trusted, never the
/// system roots. Each call is bounded by the webhook's timeoutSeconds.
/// </summary>
public sealed class WebhookClient(CoreObjectGetter getCore)
{
    private readonly ConcurrentDictionary<(string CaBundle, bool Service), HttpClient> clients = new();

    public async Task<JsonNode?> PostAsync(Webhook hook, JsonObject review, CancellationToken ct)
    {
        var config = hook.ClientConfig;
        var caBundle = config.StrOrEmpty("caBundle");
        var (uri, viaService) = Target(config, hook.TimeoutSeconds);
        var http = clients.GetOrAdd((caBundle, viaService), key => Create(key.CaBundle, key.Service));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(hook.TimeoutSeconds));
        var post = $"Post \"{uri}\"";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookCallException($"failed to call webhook: {post}: the server responded with status {(int)response.StatusCode}: {body.Trim()}");
            }
            try
            {
                return JsonNode.Parse(body);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new WebhookCallException($"received invalid webhook response: {e.Message}", e);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new WebhookCallException($"failed to call webhook: {post}: context deadline exceeded");
        }
        catch (HttpRequestException e)
        {
            throw new WebhookCallException($"failed to call webhook: {post}: {Describe(e, uri)}", e);
        }
    }

    /// <summary>The request URL, with upstream's <c>?timeout=Ns</c> appended.</summary>
    private static (Uri Uri, bool ViaService) Target(JsonObject config, int timeoutSeconds)
    {
        string text;
        var viaService = false;
        if (config.Str("url") is { Length: > 0 } url)
        {
            text = url;
        }
        else
        {
            var service = config.Obj("service") ?? [];
            var port = service.Int("port") ?? 443;
            text = $"https://{service.StrOrEmpty("name")}.{service.StrOrEmpty("namespace")}.svc:{port}{service.StrOrEmpty("path")}";
            viaService = true;
        }
        var separator = text.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return (new Uri(text + separator + "timeout=" + timeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s"), viaService);
    }

    /// <summary>Go's wording for the common socket failures, so messages read like upstream's.</summary>
    private static string Describe(HttpRequestException e, Uri uri)
    {
        if (e.InnerException is WebhookCallException inner)
        {
            return inner.Message;
        }
        if (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return $"dial tcp {uri.Host}:{uri.Port}: connect: connection refused";
        }
        if (e.InnerException is System.Security.Authentication.AuthenticationException)
        {
            return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
        }
        return e.Message;
    }

    private HttpClient Create(string caBundle, bool viaService)
    {
        var roots = new X509Certificate2Collection();
        if (caBundle.Length > 0)
        {
            try
            {
                roots.ImportFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(caBundle)));
            }
            catch (FormatException)
            {
                roots.ImportFromPem(caBundle);
            }
        }
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) => Verify(cert, errors, caBundle.Length > 0 ? roots : null),
            },
        };
        if (viaService)
        {
            handler.ConnectCallback = (context, ct) => ConnectToServiceAsync(context.DnsEndPoint, ct);
        }
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool Verify(X509Certificate? cert, SslPolicyErrors errors, X509Certificate2Collection? roots)
    {
        if (cert is null)
        {
            return false;
        }
        if (roots is null)
        {
            return errors == SslPolicyErrors.None;
        }
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(cert);
        return chain.Build(leaf);
    }

    /// <summary>Dials name.namespace.svc:port at the Service's ExternalName or one of its ready endpoint addresses.</summary>
    private async ValueTask<Stream> ConnectToServiceAsync(DnsEndPoint target, CancellationToken ct)
    {
        var parts = target.Host.Split('.');
        var (ns, name) = (parts.Length > 1 ? parts[1] : "", parts[0]);
        var (host, port) = await ResolveAsync(ns, name, target.Port, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal async Task<(string Host, int Port)> ResolveAsync(string ns, string name, int port, CancellationToken ct)
    {
        var service = await getCore("services", ns, name, ct)
            ?? throw new WebhookCallException($"service \"{name}\" not found");
        var spec = service.Obj("spec");
        if (spec.Str("type") == "ExternalName")
        {
            return (spec.StrOrEmpty("externalName"), port);
        }
        var servicePort = spec.Arr("ports").Objects().FirstOrDefault(p => p.Int("port") == port)
            ?? throw new WebhookCallException($"service \"{name}\" has no port {port}");
        var portName = servicePort.StrOrEmpty("name");
        var endpoints = await getCore("endpoints", ns, name, ct);
        foreach (var subset in endpoints.Arr("subsets").Objects())
        {
            var endpointPort = subset.Arr("ports").Objects().FirstOrDefault(p => p.StrOrEmpty("name") == portName);
            var address = subset.Arr("addresses").Objects().Select(a => a.Str("ip")).FirstOrDefault(ip => ip is { Length: > 0 });
            if (endpointPort?.Int("port") is { } target && address is not null)
            {
                return (address, (int)target);
            }
        }
        throw new WebhookCallException($"no endpoints available for service \"{name}\"");
    }
}
