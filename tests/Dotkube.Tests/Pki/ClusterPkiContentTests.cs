using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Tests.Pki;

/// <summary>What a newly created cluster PKI holds.</summary>
public sealed class ClusterPkiContentTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private Dotkube.Pki.ClusterPki Pki => fixture.Pki;

    private string PkiDir => fixture.PkiDir;

    [Fact]
    public void The_CA_is_self_signed_and_may_sign_certificates()
    {
        var ca = Pki.CaCertificate;
        Assert.Equal("CN=dotkube-ca", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.False(ca.HasPrivateKey);
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        var usage = ca.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.True(ca.NotAfter - DateTime.Now > TimeSpan.FromDays(3000));
    }

    [Theory]
    [InlineData("apiserver")]
    [InlineData("admin")]
    public void Leaf_certificates_are_signed_by_the_CA_and_carry_their_keys(string which)
    {
        var leaf = which == "apiserver" ? Pki.ServingCertificate : Pki.AdminCertificate;

        Assert.Equal(Pki.CaCertificate.Subject, leaf.Issuer);
        Assert.True(leaf.HasPrivateKey);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var authorityKeyId = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier;
        var caKeyId = Pki.CaCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        Assert.Equal(caKeyId.ToArray(), authorityKeyId!.Value.ToArray());

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Pki.CaCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));

        var validity = leaf.NotAfter - leaf.NotBefore;
        Assert.InRange(validity, TimeSpan.FromDays(365), TimeSpan.FromDays(366));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("dotkube-host")]
    [InlineData("kubernetes")]
    [InlineData("kubernetes.default")]
    [InlineData("kubernetes.default.svc")]
    [InlineData("kubernetes.default.svc.cluster.local")]
    [InlineData("api.example.test")]
    public void The_serving_certificate_names_each_DNS_name_clients_use(string dnsName)
    {
        var names = Pki.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(dnsName, names.EnumerateDnsNames());
        Assert.True(Pki.ServingCertificate.MatchesHostname(dnsName));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.96.0.1")]
    [InlineData("192.0.2.44")]
    public void The_serving_certificate_names_each_IP_address_clients_use(string ip)
    {
        var names = Pki.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Parse(ip), names.EnumerateIPAddresses());
    }

    [Fact]
    public void The_serving_certificate_is_for_server_authentication()
    {
        var usages = Pki.ServingCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
    }

    [Fact]
    public void The_admin_certificate_is_dotkube_admin_in_system_masters_for_client_authentication()
    {
        // Encoded O first, then CN, as Go and openssl write subjects.
        var encodedOrder = Pki.AdminCertificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Select(rdn => $"{rdn.GetSingleElementType().FriendlyName}={rdn.GetSingleElementValue()}");
        Assert.Equal(["O=system:masters", "CN=dotkube-admin"], encodedOrder);
        var usages = Pki.AdminCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
    }

    [Theory]
    [InlineData("ca.crt", "-rw-r--r--")]
    [InlineData("ca.key", "-rw-------")]
    [InlineData("apiserver.crt", "-rw-r--r--")]
    [InlineData("apiserver.key", "-rw-------")]
    [InlineData("admin.crt", "-rw-r--r--")]
    [InlineData("admin.key", "-rw-------")]
    [InlineData("sa.key", "-rw-------")]
    [InlineData("sa.pub", "-rw-r--r--")]
    public void Each_file_is_PEM_and_only_private_keys_are_hidden_from_others(string file, string mode)
    {
        var path = Path.Combine(PkiDir, file);
        Assert.Equal(mode, UnixMode(File.GetUnixFileMode(path)));
        Assert.StartsWith("-----BEGIN ", File.ReadAllText(path));
    }

    [Fact]
    public void The_service_account_key_is_RSA_2048_and_sa_pub_is_its_public_half()
    {
        Assert.Equal(2048, Pki.ServiceAccountKey.KeySize);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(Path.Combine(PkiDir, "sa.key")));
        using var fromFile = System.Security.Cryptography.RSA.Create();
        fromFile.ImportFromPem(File.ReadAllText(Path.Combine(PkiDir, "sa.pub")));
        var data = "token"u8.ToArray();
        var signature = Pki.ServiceAccountKey.SignData(data, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        Assert.True(fromFile.VerifyData(data, signature, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
    }

    private static string UnixMode(UnixFileMode mode)
    {
        static char Bit(UnixFileMode mode, UnixFileMode flag, char c) => mode.HasFlag(flag) ? c : '-';
        return new string(
        [
            '-',
            Bit(mode, UnixFileMode.UserRead, 'r'), Bit(mode, UnixFileMode.UserWrite, 'w'), Bit(mode, UnixFileMode.UserExecute, 'x'),
            Bit(mode, UnixFileMode.GroupRead, 'r'), Bit(mode, UnixFileMode.GroupWrite, 'w'), Bit(mode, UnixFileMode.GroupExecute, 'x'),
            Bit(mode, UnixFileMode.OtherRead, 'r'), Bit(mode, UnixFileMode.OtherWrite, 'w'), Bit(mode, UnixFileMode.OtherExecute, 'x'),
        ]);
    }
}
