using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Dotkube.Client;

public sealed partial class KubeApiClient
{
    /// <summary>
    /// A client for the cluster of a kubeconfig file (default: $KUBECONFIG or ~/.kube/config) and
    /// context (default: its current context): HTTPS with the cluster's CA, a client certificate,
    /// a bearer token, a token provider (exec plugins) or basic auth, whichever the user entry has.
    /// </summary>
    public static KubeApiClient FromKubeconfig(string? path = null, string? context = null, KubeApiClientOptions? options = null) =>
        FromConfig(KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context), options);

    /// <summary>A client from KubernetesClient's configuration (e.g. <c>KubernetesClientConfiguration.InClusterConfig()</c>).</summary>
    public static KubeApiClient FromConfig(KubernetesClientConfiguration config, KubeApiClientOptions? options = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            SslOptions = new SslClientAuthenticationOptions { TargetHost = config.TlsServerName },
        };
        var clientCert = ClientCertificate(config);
        if (clientCert is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCert];
        }
        if (config.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.SslCaCerts is { Count: > 0 } roots)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => ValidAgainst(roots, cert, errors);
        }
        HttpMessageHandler outer = handler;
        if (config.TokenProvider is { } provider)
        {
            outer = new AuthHandler(handler, ct => provider.GetAuthenticationHeaderAsync(ct));
        }
        else if (!string.IsNullOrEmpty(config.AccessToken))
        {
            var header = new AuthenticationHeaderValue("Bearer", config.AccessToken);
            outer = new AuthHandler(handler, _ => Task.FromResult(header));
        }
        else if (!string.IsNullOrEmpty(config.Username))
        {
            var header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{config.Username}:{config.Password}")));
            outer = new AuthHandler(handler, _ => Task.FromResult(header));
        }
        return new KubeApiClient(outer, new Uri(config.Host.TrimEnd('/') + "/"), options);
    }

    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        string? certPem = null, keyPem = null;
        if (!string.IsNullOrEmpty(config.ClientCertificateData) && !string.IsNullOrEmpty(config.ClientCertificateKeyData))
        {
            certPem = Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData));
            keyPem = Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData));
        }
        else if (!string.IsNullOrEmpty(config.ClientCertificateFilePath) && !string.IsNullOrEmpty(config.ClientKeyFilePath))
        {
            certPem = File.ReadAllText(config.ClientCertificateFilePath);
            keyPem = File.ReadAllText(config.ClientKeyFilePath);
        }
        if (certPem is null || keyPem is null)
        {
            return null;
        }
        using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
        // Re-import through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private static bool ValidAgainst(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private sealed class AuthHandler(HttpMessageHandler inner, Func<CancellationToken, Task<AuthenticationHeaderValue>> header) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = await header(cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
