using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// One pooled HTTP client per distinct backend TLS setting (server name, caBundle, insecure flag),
/// all presenting the front-proxy client certificate. Connections are reused across requests so
/// the proxy path costs one hop, not a TLS handshake per request.
/// </summary>
public sealed class BackendClients(X509Certificate2? proxyClientCertificate) : IDisposable
{
    private readonly ConcurrentDictionary<(string ServerName, string CaBundle, bool Insecure), HttpMessageInvoker> clients = new();

    public HttpMessageInvoker For(ApiServiceView service) =>
        clients.GetOrAdd((service.Service!.ServerName, service.CaBundle, service.InsecureSkipTlsVerify), Create);

    private HttpMessageInvoker Create((string ServerName, string CaBundle, bool Insecure) key)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            // One line per group and extra value on the wire (see RepeatedHeaderStream).
            PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new RepeatedHeaderStream(context.PlaintextStream)),
            SslOptions = new SslClientAuthenticationOptions
            {
                // SNI names the service, as upstream's transport does, whatever address is dialled.
                TargetHost = key.ServerName,
                ClientCertificates = proxyClientCertificate is null ? null : new X509CertificateCollection { proxyClientCertificate },
                RemoteCertificateValidationCallback = key.Insecure
                    ? (_, _, _, _) => true
                    : Verifier(key.ServerName, key.CaBundle),
            },
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>
    /// Checks the backend's certificate: chained to spec.caBundle (the system roots when empty)
    /// and naming the service's DNS name.
    /// </summary>
    public static RemoteCertificateValidationCallback Verifier(string serverName, string caBundlePem)
    {
        var roots = new X509Certificate2Collection();
        if (caBundlePem.Length > 0)
        {
            roots.ImportFromPem(caBundlePem);
        }
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (!leaf.MatchesHostname(serverName))
            {
                return false;
            }
            if (roots.Count == 0)
            {
                return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
            }
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            return custom.Build(leaf);
        };
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
        clients.Clear();
    }
}
