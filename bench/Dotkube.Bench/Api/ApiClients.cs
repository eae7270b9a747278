using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Bench.Api;

/// <summary>
/// HTTPS clients as a Kubernetes client makes them: SocketsHttpHandler presenting the admin client
/// certificate and trusting only the cluster CA. Each client has its own handler, so its own
/// connection: n clients are n TLS connections, as n client processes would be.
/// </summary>
internal sealed class ApiClients(ClusterCredentials credentials, Version httpVersion) : IDisposable
{
    private readonly List<HttpClient> created = [];

    public Version HttpVersion => httpVersion;

    public string Describe() => httpVersion.Major == 2 ? "HTTP/2 over TLS (ALPN h2), one connection per client" : "HTTP/1.1 over TLS, one connection per client";

    /// <summary>A new client with its own connection; disposed with this object.</summary>
    public HttpClient Create(TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 1,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [credentials.ClientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByClusterCa(certificate, errors),
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = credentials.Server,
            DefaultRequestVersion = httpVersion,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        lock (created)
        {
            created.Add(client);
        }

        return client;
    }

    public IReadOnlyList<HttpClient> Create(int count) => [.. Enumerable.Range(0, count).Select(_ => Create())];

    public void Dispose()
    {
        lock (created)
        {
            foreach (var client in created)
            {
                client.Dispose();
            }

            created.Clear();
        }
    }

    /// <summary>The server's certificate must chain to the cluster CA alone (the name is checked by TLS itself).</summary>
    private bool TrustedByClusterCa(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(credentials.CertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
