using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Tests.Pki;

/// <summary>Certificates that did not come from the cluster CA, to be refused.</summary>
internal static class PkiTestCertificates
{
    public static X509Certificate2 SelfSignedClient(string commonName, string organization)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"O={organization}, CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
