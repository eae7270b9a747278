using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dotkube.Pki;

namespace Dotkube.Tests.Pki;

public sealed class ClientCertificateVerificationTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private readonly ClusterPki _pki = fixture.Pki;

    [Fact]
    public void The_admin_certificate_authenticates_as_dotkube_admin_in_system_masters()
    {
        Assert.True(_pki.VerifyClientCertificate(_pki.AdminCertificate, out var user, out var groups, out var failure), failure);

        Assert.Equal("dotkube-admin", user);
        Assert.Equal(["system:masters"], groups);
    }

    [Fact]
    public void An_issued_certificate_carries_its_user_and_every_group_in_order()
    {
        using var cert = _pki.IssueClientCertificate("jane", ["developers", "system:authenticated", "a,b"], TimeSpan.FromHours(1));

        Assert.True(cert.HasPrivateKey);
        Assert.True(_pki.VerifyClientCertificate(cert, out var user, out var groups));
        Assert.Equal("jane", user);
        Assert.Equal(["developers", "system:authenticated", "a,b"], groups);
        Assert.InRange(cert.NotAfter - cert.NotBefore, TimeSpan.FromHours(1), TimeSpan.FromHours(1.1));
    }

    [Fact]
    public void A_node_name_with_colons_is_the_user_name()
    {
        using var cert = _pki.IssueClientCertificate("system:node:worker-1", ["system:nodes"], TimeSpan.FromDays(1));

        Assert.True(_pki.VerifyClientCertificate(cert, out var user, out var groups));
        Assert.Equal("system:node:worker-1", user);
        Assert.Equal(["system:nodes"], groups);
    }

    [Fact]
    public void A_self_signed_certificate_is_refused()
    {
        using var cert = PkiTestCertificates.SelfSignedClient("dotkube-admin", "system:masters");

        Assert.False(_pki.VerifyClientCertificate(cert, out var user, out var groups, out var failure));
        Assert.Equal("", user);
        Assert.Empty(groups);
        Assert.Contains("cluster CA", failure);
    }

    [Fact]
    public void A_certificate_from_another_CA_with_the_same_name_is_refused()
    {
        using var otherDir = new TempDirectory();
        using var other = ClusterPki.LoadOrCreate(otherDir.Combine("pki"), PkiFixture.Options);
        Assert.Equal(_pki.CaCertificate.Subject, other.CaCertificate.Subject);

        Assert.False(_pki.VerifyClientCertificate(other.AdminCertificate, out _, out _));
        Assert.True(other.VerifyClientCertificate(other.AdminCertificate, out _, out _));
    }

    [Theory]
    [InlineData(-48, -24, "expired yesterday")]
    [InlineData(24, 48, "valid from tomorrow")]
    public void A_certificate_outside_its_validity_period_is_refused(int startHours, int endHours, string description)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var cert = _pki.SignClientCertificate(new PublicKey(key), "jane", [], now.AddHours(startHours), now.AddHours(endHours));

        Assert.False(_pki.VerifyClientCertificate(cert, out _, out _, out var failure), description);
        Assert.Contains("NotTimeValid", failure);
    }

    [Fact]
    public void A_certificate_is_refused_once_the_clock_passes_its_end()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var pki = ClusterPki.LoadOrCreate(dir.Combine("pki"), PkiFixture.Options with { TimeProvider = clock });
        using var cert = pki.IssueClientCertificate("jane", [], TimeSpan.FromHours(1));
        Assert.True(pki.VerifyClientCertificate(cert, out _, out _));

        clock.Advance(TimeSpan.FromHours(2));

        Assert.False(pki.VerifyClientCertificate(cert, out _, out _));
    }

    [Fact]
    public void A_serving_certificate_is_not_a_client_certificate()
    {
        Assert.False(_pki.VerifyClientCertificate(_pki.ServingCertificate, out _, out _, out var failure));
        Assert.Contains("NotValidForUsage", failure);
    }

    [Fact]
    public void A_certificate_without_a_common_name_authenticates_nobody()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:masters");
        using var ca = CaWithKey();
        var now = DateTimeOffset.UtcNow;
        using var cert = CertificateIssuer.SignLeaf(ca, subject.Build(), new PublicKey(key), CertificateIssuer.ClientAuth, null, now.AddMinutes(-1), now.AddHours(1));

        Assert.False(_pki.VerifyClientCertificate(cert, out _, out _, out var failure));
        Assert.Equal("the certificate's subject has no common name", failure);
    }

    [Fact]
    public void A_certificate_without_extended_key_usages_is_good_for_any_use_as_in_Go()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=legacy-user, O=old-team", key, HashAlgorithmName.SHA256);
        using var ca = CaWithKey();
        var now = DateTimeOffset.UtcNow;
        using var signer = ca.GetECDsaPrivateKey()!;
        using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(signer), now.AddMinutes(-1), now.AddHours(1), [0x42, 0x01]);
        Assert.Empty(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>());

        Assert.True(_pki.VerifyClientCertificate(cert, out var user, out var groups, out var failure), failure);
        Assert.Equal("legacy-user", user);
        Assert.Equal(["old-team"], groups);
    }

    [Fact]
    public void A_certificate_signed_for_the_RSA_key_of_a_CSR_verifies()
    {
        using var rsa = RSA.Create(2048);
        var csr = new CertificateRequest("CN=csr-user, O=team-a", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var loaded = CertificateRequest.LoadSigningRequestPem(csr.CreateSigningRequestPem(), HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;

        using var cert = _pki.SignClientCertificate(loaded.PublicKey, "csr-user", ["team-a"], now, now.AddDays(1));

        Assert.True(_pki.VerifyClientCertificate(cert, out var user, out var groups, out var failure), failure);
        Assert.Equal("csr-user", user);
        Assert.Equal(["team-a"], groups);
        Assert.True(cert.GetKeyUsage().HasFlag(X509KeyUsageFlags.KeyEncipherment));
    }

    [Fact]
    public void Every_attribute_of_a_multi_valued_name_counts_and_the_last_common_name_wins()
    {
        // SEQUENCE { SET { O=first, CN=ignored }, SET { CN=winner, O=second } }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSetOf())
            {
                WriteAttribute(writer, "2.5.4.10", "first");
                WriteAttribute(writer, "2.5.4.3", "ignored");
            }

            using (writer.PushSetOf())
            {
                WriteAttribute(writer, "2.5.4.3", "winner", UniversalTagNumber.PrintableString);
            }

            using (writer.PushSetOf())
            {
                WriteAttribute(writer, "2.5.4.10", "second");
            }
        }

        var (commonName, organizations) = DistinguishedNameReader.Read(new X500DistinguishedName(writer.Encode()));

        Assert.Equal("winner", commonName);
        Assert.Equal(["first", "second"], organizations);
    }

    private static void WriteAttribute(AsnWriter writer, string oid, string value, UniversalTagNumber type = UniversalTagNumber.UTF8String)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteCharacterString(type, value);
        }
    }

    private X509Certificate2 CaWithKey()
    {
        var dir = _pki.Directory;
        return X509Certificate2.CreateFromPemFile(Path.Combine(dir, "ca.crt"), Path.Combine(dir, "ca.key"));
    }
}

internal static class CertificateExtensions
{
    public static X509KeyUsageFlags GetKeyUsage(this X509Certificate2 cert) =>
        cert.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;
}
