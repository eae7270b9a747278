using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.Security;

/// <summary>
/// A server that trusts an authenticating proxy (its own client CA, one allowed name) and an
/// OIDC issuer the test runs itself; the API alone, nothing else.
/// </summary>
public sealed class ProxyAndOidcServerFixture : IAsyncLifetime
{
    public const string ClientId = "dotkube-e2e";
    public const string AllowedProxy = "front-proxy";

    private readonly string dir = Directory.CreateTempSubdirectory("dotkube-e2e-authn-").FullName;
    private readonly RSA proxyCaKey = RSA.Create(2048);
    private X509Certificate2? proxyCa;
    private DotkubeServer? server;

    public DotkubeServer Server => server ?? throw new InvalidOperationException("the server is not started");

    public TestOidcIssuer Oidc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var caRequest = new CertificateRequest("CN=front-proxy-test-ca", proxyCaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        proxyCa = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        var proxyCaFile = Path.Combine(dir, "proxy-ca.crt");
        await File.WriteAllTextAsync(proxyCaFile, proxyCa.ExportCertificatePem() + "\n");
        var oidcCaFile = Path.Combine(dir, "oidc-ca.crt");
        Oidc = new TestOidcIssuer(oidcCaFile);
        server = await DotkubeServer.StartAsync(new DotkubeServerOptions
        {
            ExtraArgs =
            [
                "--controllers=", "--scheduler=false", "--simulated-nodes", "0",
                "--requestheader-client-ca-file", proxyCaFile,
                "--requestheader-allowed-names", AllowedProxy,
                "--oidc-issuer-url", Oidc.Issuer,
                "--oidc-client-id", ClientId,
                "--oidc-ca-file", oidcCaFile,
                "--oidc-username-claim", "email",
                "--oidc-groups-claim", "groups",
                "--oidc-groups-prefix", "oidc:",
            ],
        });
    }

    /// <summary>A client certificate for the proxy, from the proxy CA or (<paramref name="ownCa"/> false) a CA nobody trusts.</summary>
    public X509Certificate2 ProxyCertificate(string commonName, bool ownCa = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        X509Certificate2 cert;
        if (ownCa)
        {
            cert = request.Create(proxyCa!, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);
        }
        else
        {
            using var strangerKey = RSA.Create(2048);
            var strangerRequest = new CertificateRequest("CN=stranger-ca", strangerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            strangerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var stranger = strangerRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            cert = request.Create(stranger, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), [5, 6, 7, 8]);
        }
        using (cert)
        {
            using var withKey = cert.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }
    }

    /// <summary>An HTTP client presenting <paramref name="clientCertificate"/> and trusting the server's CA.</summary>
    public HttpClient Http(X509Certificate2 clientCertificate)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Server.DataDir, "pki", "ca.crt"));
        var handler = new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual };
        handler.ClientCertificates.Add(clientCertificate);
        handler.ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is not null && chain.Build(cert);
        };
        return new HttpClient(handler) { BaseAddress = new Uri(Server.Url) };
    }

    /// <summary>kubectl with only a bearer token: no kubeconfig, the cluster CA, the server's URL.</summary>
    public Task<KubectlResult> KubectlWithToken(string token, params string[] args) =>
        Server.Kubectl(["--kubeconfig=/dev/null", $"--server={Server.Url}", $"--certificate-authority={Path.Combine(Server.DataDir, "pki", "ca.crt")}", $"--token={token}", .. args]);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        await Oidc.DisposeAsync();
        proxyCa?.Dispose();
        proxyCaKey.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
