using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Dotkube.Bench.Api;

/// <summary>What a client needs from a kubeconfig: the server URL, the CA that signs its certificate, and the client certificate.</summary>
internal sealed record ClusterCredentials(Uri Server, X509Certificate2 CertificateAuthority, X509Certificate2 ClientCertificate)
{
    /// <summary>Reads the current context of <paramref name="kubeconfigPath"/> with the KubernetesClient package's loader.</summary>
    public static ClusterCredentials FromKubeconfig(string kubeconfigPath)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        if (config.SslCaCerts is not { Count: 1 } cas)
        {
            throw new InvalidOperationException($"{kubeconfigPath}: expected one CA certificate, found {config.SslCaCerts?.Count ?? 0}");
        }

        if (string.IsNullOrEmpty(config.ClientCertificateData) || string.IsNullOrEmpty(config.ClientCertificateKeyData))
        {
            throw new InvalidOperationException($"{kubeconfigPath}: the current user has no inline client certificate and key");
        }

        var client = X509Certificate2.CreateFromPem(FromBase64(config.ClientCertificateData), FromBase64(config.ClientCertificateKeyData));
        return new ClusterCredentials(new Uri(config.Host), cas[0], client);
    }

    private static string FromBase64(string data) => Encoding.ASCII.GetString(Convert.FromBase64String(data));
}
