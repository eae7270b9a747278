using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dotkube.Pki;

namespace Dotkube.Tests.Pki;

public sealed class ClusterPkiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string PkiDir => _dir.Combine("pki");

    public void Dispose() => _dir.Dispose();

    private static PkiOptions Options(params string[] extraSans) => new()
    {
        BindAddress = "127.0.0.1",
        HostName = "dotkube-host",
        ExtraSans = extraSans,
    };

    [Fact]
    public void The_CA_is_self_signed_and_may_sign_certificates()
    {
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options());

        var ca = pki.CaCertificate;
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
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options());
        var leaf = which == "apiserver" ? pki.ServingCertificate : pki.AdminCertificate;

        Assert.Equal(pki.CaCertificate.Subject, leaf.Issuer);
        Assert.True(leaf.HasPrivateKey);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var authorityKeyId = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier;
        var caKeyId = pki.CaCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        Assert.Equal(caKeyId.ToArray(), authorityKeyId!.Value.ToArray());

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.CaCertificate);
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
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options("api.example.test", "192.0.2.44"));

        var names = pki.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(dnsName, names.EnumerateDnsNames());
        Assert.True(pki.ServingCertificate.MatchesHostname(dnsName));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.96.0.1")]
    [InlineData("192.0.2.44")]
    public void The_serving_certificate_names_each_IP_address_clients_use(string ip)
    {
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options("api.example.test", "192.0.2.44"));

        var names = pki.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Parse(ip), names.EnumerateIPAddresses());
    }

    [Fact]
    public void The_serving_certificate_names_the_bind_address_and_the_configured_service_IP()
    {
        var options = Options() with { BindAddress = "192.0.2.7", KubernetesServiceIP = IPAddress.Parse("10.0.0.1") };
        using var pki = ClusterPki.LoadOrCreate(PkiDir, options);

        var ips = pki.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().ToList();
        Assert.Contains(IPAddress.Parse("192.0.2.7"), ips);
        Assert.Contains(IPAddress.Parse("10.0.0.1"), ips);
        Assert.DoesNotContain(IPAddress.Parse("10.96.0.1"), ips);
    }

    [Fact]
    public void The_serving_certificate_is_for_server_authentication()
    {
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options());

        var usages = pki.ServingCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
    }

    [Fact]
    public void The_admin_certificate_is_dotkube_admin_in_system_masters_for_client_authentication()
    {
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options());

        // Encoded O first, then CN, as Go and openssl write subjects.
        var encodedOrder = pki.AdminCertificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Select(rdn => $"{rdn.GetSingleElementType().FriendlyName}={rdn.GetSingleElementValue()}");
        Assert.Equal(["O=system:masters", "CN=dotkube-admin"], encodedOrder);
        var usages = pki.AdminCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
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
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options());

        var path = Path.Combine(PkiDir, file);
        Assert.Equal(mode, UnixMode(File.GetUnixFileMode(path)));
        Assert.StartsWith("-----BEGIN ", File.ReadAllText(path));
    }

    [Fact]
    public void Loading_again_reuses_every_certificate_and_key()
    {
        string ca, serving, admin, sa;
        using (var first = ClusterPki.LoadOrCreate(PkiDir, Options()))
        {
            Assert.NotEmpty(first.Changes);
            (ca, serving, admin, sa) = (first.CaCertificate.Thumbprint, first.ServingCertificate.Thumbprint,
                first.AdminCertificate.Thumbprint, first.ServiceAccountPublicKeyPem);
        }

        using var second = ClusterPki.LoadOrCreate(PkiDir, Options());

        Assert.Empty(second.Changes);
        Assert.Equal(ca, second.CaCertificate.Thumbprint);
        Assert.Equal(serving, second.ServingCertificate.Thumbprint);
        Assert.Equal(admin, second.AdminCertificate.Thumbprint);
        Assert.Equal(sa, second.ServiceAccountPublicKeyPem);
        Assert.True(second.ServingCertificate.HasPrivateKey);
    }

    [Fact]
    public void A_changed_set_of_names_renews_the_serving_certificate_under_the_same_CA()
    {
        string ca, serving, admin;
        using (var first = ClusterPki.LoadOrCreate(PkiDir, Options()))
        {
            (ca, serving, admin) = (first.CaCertificate.Thumbprint, first.ServingCertificate.Thumbprint, first.AdminCertificate.Thumbprint);
        }

        using var second = ClusterPki.LoadOrCreate(PkiDir, Options("new.example.test"));

        Assert.Equal(ca, second.CaCertificate.Thumbprint);
        Assert.NotEqual(serving, second.ServingCertificate.Thumbprint);
        Assert.Equal(admin, second.AdminCertificate.Thumbprint);
        Assert.True(second.ServingCertificate.MatchesHostname("new.example.test"));
        Assert.Contains(second.Changes, c => c.Contains("apiserver.crt", StringComparison.Ordinal) && c.Contains("subject alternative names", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(300, false)]
    [InlineData(340, true)]
    public void Leaf_certificates_are_renewed_when_less_than_30_days_are_left(int daysLater, bool renewed)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        string ca, serving, admin;
        using (var first = ClusterPki.LoadOrCreate(PkiDir, Options() with { TimeProvider = clock }))
        {
            (ca, serving, admin) = (first.CaCertificate.Thumbprint, first.ServingCertificate.Thumbprint, first.AdminCertificate.Thumbprint);
        }

        clock.Advance(TimeSpan.FromDays(daysLater));
        using var later = ClusterPki.LoadOrCreate(PkiDir, Options() with { TimeProvider = clock });

        Assert.Equal(ca, later.CaCertificate.Thumbprint);
        Assert.Equal(renewed, serving != later.ServingCertificate.Thumbprint);
        Assert.Equal(renewed, admin != later.AdminCertificate.Thumbprint);
        if (renewed)
        {
            Assert.True(later.ServingCertificate.NotAfter > clock.Now.AddDays(364).UtcDateTime);
        }
    }

    [Theory]
    [InlineData("apiserver.key")]
    [InlineData("apiserver.crt")]
    public void A_missing_or_damaged_serving_file_is_issued_anew(string file)
    {
        using (ClusterPki.LoadOrCreate(PkiDir, Options()))
        {
        }

        File.WriteAllText(Path.Combine(PkiDir, file), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        using var reloaded = ClusterPki.LoadOrCreate(PkiDir, Options());

        Assert.Contains(reloaded.Changes, c => c.StartsWith("issued apiserver.crt", StringComparison.Ordinal));
        Assert.True(reloaded.ServingCertificate.HasPrivateKey);
        Assert.True(reloaded.VerifyClientCertificate(reloaded.AdminCertificate, out _, out _));
    }

    [Fact]
    public void A_serving_key_that_belongs_to_another_certificate_is_issued_anew()
    {
        using (ClusterPki.LoadOrCreate(PkiDir, Options()))
        {
        }

        File.Copy(Path.Combine(PkiDir, "admin.key"), Path.Combine(PkiDir, "apiserver.key"), overwrite: true);
        using var reloaded = ClusterPki.LoadOrCreate(PkiDir, Options());

        Assert.Contains(reloaded.Changes, c => c.StartsWith("issued apiserver.crt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_CA_certificate_without_its_key_is_refused_rather_than_replaced()
    {
        using (ClusterPki.LoadOrCreate(PkiDir, Options()))
        {
        }

        File.Delete(Path.Combine(PkiDir, "ca.key"));

        var error = Assert.Throws<InvalidOperationException>(() => ClusterPki.LoadOrCreate(PkiDir, Options()));
        Assert.Contains("ca.key", error.Message);
    }

    [Fact]
    public void Leaves_signed_by_a_replaced_CA_are_issued_anew()
    {
        using (ClusterPki.LoadOrCreate(PkiDir, Options()))
        {
        }

        File.Delete(Path.Combine(PkiDir, "ca.crt"));
        using var reloaded = ClusterPki.LoadOrCreate(PkiDir, Options());

        Assert.Contains(reloaded.Changes, c => c.StartsWith("issued apiserver.crt", StringComparison.Ordinal));
        Assert.Contains(reloaded.Changes, c => c.StartsWith("issued admin.crt", StringComparison.Ordinal));
        Assert.True(reloaded.VerifyClientCertificate(reloaded.AdminCertificate, out _, out _));
    }

    [Fact]
    public void The_service_account_key_is_RSA_2048_and_sa_pub_is_its_public_half()
    {
        using var pki = ClusterPki.LoadOrCreate(PkiDir, Options());

        Assert.Equal(2048, pki.ServiceAccountKey.KeySize);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(Path.Combine(PkiDir, "sa.key")));
        using var fromFile = System.Security.Cryptography.RSA.Create();
        fromFile.ImportFromPem(File.ReadAllText(Path.Combine(PkiDir, "sa.pub")));
        var data = "token"u8.ToArray();
        var signature = pki.ServiceAccountKey.SignData(data, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
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
