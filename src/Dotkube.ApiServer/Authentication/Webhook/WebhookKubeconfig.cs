using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Dotkube.ApiServer.Authentication.Webhook;

/// <summary>
/// The webhook's kubeconfig file (upstream's format: the cluster is the remote service with its
/// CA, the user is the API server's credentials for it; the current context picks them).
/// </summary>
public static class WebhookKubeconfig
{
    /// <summary>The service's URL and an HTTP client that trusts its CA and presents the user's credentials.</summary>
    public static (Uri Endpoint, HttpClient Client) Load(string path)
    {
        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new InvalidOperationException($"--authentication-token-webhook-config-file {path}: {e.Message}", e);
        }
        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException($"{path}: the cluster's server \"{config.Host}\" is not an http(s) URL");
        }
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        if (!string.IsNullOrEmpty(config.TlsServerName))
        {
            handler.SslOptions.TargetHost = config.TlsServerName;
        }
        if (ClientCertificate(config) is { } clientCert)
        {
            handler.SslOptions.ClientCertificates = [clientCert];
        }
        if (config.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.SslCaCerts is { Count: > 0 } roots)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(roots, cert, errors);
        }
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(config.AccessToken))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        }
        else if (!string.IsNullOrEmpty(config.Username))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{config.Username}:{config.Password}")));
        }
        return (endpoint, client);
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
        // Through PKCS#12 so the TLS stack can use the private key.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private static bool Trusted(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
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
}
