using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dotkube.Pki;

namespace Dotkube.Tests.Pki;

/// <summary>Loading, reloading and renewal; each test makes its own PKI since it changes files or options.</summary>
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
}
