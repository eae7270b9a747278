using System.Security.Cryptography.X509Certificates;
using Dotkube.Pki;

namespace Dotkube.Tests.Pki;

/// <summary>Several API servers on one --pki-dir: one CA and one service-account key, a serving certificate each.</summary>
public sealed class SharedPkiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private PkiOptions Server(string name, string bind) => new()
    {
        BindAddress = bind,
        HostName = "dotkube-host",
        ServingDirectory = _dir.Combine(name, "pki"),
    };

    [Fact]
    public void Two_servers_share_the_ca_service_account_key_and_admin_certificate_and_keep_their_own_serving_certificates()
    {
        var shared = _dir.Combine("shared");
        using var first = ClusterPki.LoadOrCreate(shared, Server("a", "127.0.0.2"));
        using var second = ClusterPki.LoadOrCreate(shared, Server("b", "127.0.0.3"));

        Assert.Equal(first.CaCertificate.Thumbprint, second.CaCertificate.Thumbprint);
        Assert.Equal(first.ServiceAccountPublicKeyPem, second.ServiceAccountPublicKeyPem);
        Assert.Equal(first.AdminCertificate.Thumbprint, second.AdminCertificate.Thumbprint);
        Assert.NotEqual(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        Assert.True(File.Exists(_dir.Combine("a", "pki", ClusterPki.ServingCertFile)));
        Assert.True(File.Exists(_dir.Combine("b", "pki", ClusterPki.ServingCertFile)));
        Assert.False(File.Exists(Path.Combine(shared, ClusterPki.ServingCertFile)));
        foreach (var serving in new[] { first.ServingCertificate, second.ServingCertificate })
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(first.CaCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(serving));
        }
    }

    [Fact]
    public async Task Servers_starting_together_on_an_empty_directory_end_up_with_one_ca()
    {
        var shared = _dir.Combine("together");
        var loads = Enumerable.Range(0, 3).Select(i => Task.Run(() => ClusterPki.LoadOrCreate(shared, Server($"s{i}", "127.0.0.1")))).ToList();
        var pkis = await Task.WhenAll(loads);
        try
        {
            Assert.Single(pkis.Select(p => p.CaCertificate.Thumbprint).Distinct());
            Assert.Single(pkis.Select(p => p.ServiceAccountPublicKeyPem).Distinct());
        }
        finally
        {
            foreach (var pki in pkis)
            {
                pki.Dispose();
            }
        }
    }
}
