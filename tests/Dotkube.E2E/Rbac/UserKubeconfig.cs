using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Rbac;

/// <summary>
/// A kubeconfig for another identity: a client certificate (CN = user, O = groups) signed with the
/// test server's cluster CA, in a copy of the admin kubeconfig. Stands in for service-account
/// tokens and impersonation, which the authentication work brings.
/// </summary>
public static class UserKubeconfig
{
    public static async Task<string> CreateAsync(DotkubeServer server, string user, params string[] groups)
    {
        var pki = Path.Combine(server.DataDir, "pki");
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "ca.crt"), Path.Combine(pki, "ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var g in groups)
        {
            subject.AddOrganizationName(g);
        }
        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.Create(ca, now.AddMinutes(-5), now.AddHours(2), RandomNumberGenerator.GetBytes(16));

        var dir = Directory.CreateTempSubdirectory("dotkube-user-").FullName;
        var certFile = Path.Combine(dir, "user.crt");
        var keyFile = Path.Combine(dir, "user.key");
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        await File.WriteAllTextAsync(certFile, cert.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.Copy(server.Kubeconfig, kubeconfig);
        var env = new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig };
        var userEntry = (await server.Kubectl(["config", "view", "-o", "jsonpath={.users[0].name}"], null, env)).EnsureSuccess().Stdout.Trim();
        (await server.Kubectl(["config", "set-credentials", userEntry, "--client-certificate=" + certFile, "--client-key=" + keyFile, "--embed-certs=true"], null, env)).EnsureSuccess();
        return kubeconfig;
    }

    /// <summary>kubectl as the user of <paramref name="kubeconfig"/>.</summary>
    public static Task<KubectlResult> As(this DotkubeServer server, string kubeconfig, params string[] args) =>
        server.Kubectl(args, null, new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig });
}
