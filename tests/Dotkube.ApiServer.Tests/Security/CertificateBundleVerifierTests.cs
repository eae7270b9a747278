using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Tests.Security;

public class CertificateBundleVerifierTests
{
    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 Client(X509Certificate2 ca, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return req.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), serial);
    }

    [Fact]
    public void A_certificate_of_the_bundle_is_its_cn_and_organizations()
    {
        using var ca = Ca("proxy-ca");
        var verifier = new CertificateBundleVerifier([X509CertificateLoader.LoadCertificate(ca.RawData)], TimeProvider.System, "the test bundle");
        using var cert = Client(ca, "O=devs, O=ops, CN=front-proxy");

        Assert.True(verifier.Verify(cert, out var user, out var groups, out var failure), failure);
        Assert.Equal("front-proxy", user);
        Assert.Equal(["devs", "ops"], groups.Order());
    }

    [Fact]
    public void A_certificate_of_another_ca_is_refused_with_the_reason()
    {
        using var ca = Ca("proxy-ca");
        using var other = Ca("other-ca");
        var verifier = new CertificateBundleVerifier([X509CertificateLoader.LoadCertificate(ca.RawData)], TimeProvider.System, "the test bundle");
        using var cert = Client(other, "CN=intruder");

        Assert.False(verifier.Verify(cert, out _, out _, out var failure));
        Assert.Contains("does not verify against the test bundle", failure);
    }
}
