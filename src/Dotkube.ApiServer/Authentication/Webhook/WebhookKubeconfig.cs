using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.KubeConfigModels;

namespace Dotkube.ApiServer.Authentication.Webhook;

/// <summary>
/// The webhook's kubeconfig file (upstream's format: the cluster is the remote service with its
/// CA, the user is the API server's credentials for it; the current context picks them).
/// </summary>
public static class WebhookKubeconfig
{
    /// <summary>The service's URL and an HTTP client that trusts its CA and presents the user's credentials (which may be none).</summary>
    public static (Uri Endpoint, HttpClient Client) Load(string path)
    {
        // Read as raw kubeconfig: KubernetesClientConfiguration refuses a user without credentials,
        // which a webhook's kubeconfig may well have.
        K8SConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(path);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException)
        {
            throw new InvalidOperationException($"--authentication-token-webhook-config-file {path}: {e.Message}", e);
        }
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var context = config.Contexts?.FirstOrDefault(c => c.Name == config.CurrentContext)?.ContextDetails
            ?? throw new InvalidOperationException($"--authentication-token-webhook-config-file {path}: no current context");
        var cluster = config.Clusters?.FirstOrDefault(c => c.Name == context.Cluster)?.ClusterEndpoint
            ?? throw new InvalidOperationException($"--authentication-token-webhook-config-file {path}: context \"{config.CurrentContext}\" names no known cluster");
        var user = config.Users?.FirstOrDefault(u => u.Name == context.User)?.UserCredentials;
        if (!Uri.TryCreate(cluster.Server, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException($"--authentication-token-webhook-config-file {path}: the cluster's server \"{cluster.Server}\" is not an http(s) URL");
        }
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        if (!string.IsNullOrEmpty(cluster.TlsServerName))
        {
            handler.SslOptions.TargetHost = cluster.TlsServerName;
        }
        if (user is not null && ClientCertificate(user, baseDir) is { } clientCert)
        {
            handler.SslOptions.ClientCertificates = [clientCert];
        }
        var caPem = !string.IsNullOrEmpty(cluster.CertificateAuthorityData)
            ? Encoding.ASCII.GetString(Convert.FromBase64String(cluster.CertificateAuthorityData))
            : !string.IsNullOrEmpty(cluster.CertificateAuthority) ? File.ReadAllText(Path.Combine(baseDir, cluster.CertificateAuthority)) : null;
        if (cluster.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (caPem is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(roots, cert, errors);
        }
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(user?.Token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        }
        else if (!string.IsNullOrEmpty(user?.UserName))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.UserName}:{user.Password}")));
        }
        return (endpoint, client);
    }

    private static X509Certificate2? ClientCertificate(UserCredentials user, string baseDir)
    {
        string? certPem = null, keyPem = null;
        if (!string.IsNullOrEmpty(user.ClientCertificateData) && !string.IsNullOrEmpty(user.ClientKeyData))
        {
            certPem = Encoding.UTF8.GetString(Convert.FromBase64String(user.ClientCertificateData));
            keyPem = Encoding.UTF8.GetString(Convert.FromBase64String(user.ClientKeyData));
        }
        else if (!string.IsNullOrEmpty(user.ClientCertificate) && !string.IsNullOrEmpty(user.ClientKey))
        {
            certPem = File.ReadAllText(Path.Combine(baseDir, user.ClientCertificate));
            keyPem = File.ReadAllText(Path.Combine(baseDir, user.ClientKey));
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
