using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dotkube.Pki;

namespace Dotkube.Kubeconfig;

/// <summary>
/// Writes the kubeconfig that kubectl and client libraries use to reach this cluster: the
/// server's URL, the CA to verify it with (never insecure-skip-tls-verify) and a client
/// certificate to authenticate with, all inline.
/// </summary>
public static partial class KubeconfigWriter
{
    public const string FileName = "kubeconfig";
    public const string ClusterName = "dotkube";
    public const string ContextName = "dotkube";

    /// <summary>
    /// Writes <c>&lt;directory&gt;/kubeconfig</c> (mode 0600) for the cluster admin and returns its path.
    /// </summary>
    public static string Write(string directory, ClusterPki pki, string bindAddress, int port)
    {
        var path = Path.Combine(directory, FileName);
        var text = Render(ServerUrl(bindAddress, port), pki.CaCertificate, ClusterPki.AdminCommonName, pki.AdminCertificate);
        AtomicFile.WritePrivate(path, text);
        return path;
    }

    /// <summary>
    /// The URL clients use for a server bound to <paramref name="bindAddress"/>. A server bound to
    /// every address (0.0.0.0 or ::) is reached on the loopback address.
    /// </summary>
    public static string ServerUrl(string bindAddress, int port)
    {
        var host = bindAddress.Trim().TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(host, out var address))
        {
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                host = "127.0.0.1";
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                host = $"[{address}]";
            }
        }

        return $"https://{host}:{port}";
    }

    /// <summary>The kubeconfig YAML for one cluster, one user and the context joining them.</summary>
    public static string Render(string serverUrl, X509Certificate2 ca, string userName, X509Certificate2 clientCertificate)
    {
        var caData = Base64Pem(ca.ExportCertificatePem());
        var certData = Base64Pem(clientCertificate.ExportCertificatePem());
        var keyData = Base64Pem(PrivateKeyPem.Of(clientCertificate));

        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\n");
        yaml.Append("kind: Config\n");
        yaml.Append("preferences: {}\n");
        yaml.Append("clusters:\n");
        yaml.Append("- cluster:\n");
        yaml.Append($"    certificate-authority-data: {caData}\n");
        yaml.Append($"    server: {Scalar(serverUrl)}\n");
        yaml.Append($"  name: {Scalar(ClusterName)}\n");
        yaml.Append("contexts:\n");
        yaml.Append("- context:\n");
        yaml.Append($"    cluster: {Scalar(ClusterName)}\n");
        yaml.Append($"    user: {Scalar(userName)}\n");
        yaml.Append($"  name: {Scalar(ContextName)}\n");
        yaml.Append($"current-context: {Scalar(ContextName)}\n");
        yaml.Append("users:\n");
        yaml.Append($"- name: {Scalar(userName)}\n");
        yaml.Append("  user:\n");
        yaml.Append($"    client-certificate-data: {certData}\n");
        yaml.Append($"    client-key-data: {keyData}\n");
        return yaml.ToString();
    }

    // Names and URLs stay plain, as kubectl writes them; anything YAML could misread is quoted
    // (a JSON string is a valid YAML double-quoted scalar).
    private static string Scalar(string value) =>
        PlainScalar().IsMatch(value) && !value.Contains(": ", StringComparison.Ordinal)
            ? value
            : JsonSerializer.Serialize(value);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/@+=\[\]-]*$")]
    private static partial Regex PlainScalar();

    private static string Base64Pem(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem.TrimEnd() + "\n"));
}
