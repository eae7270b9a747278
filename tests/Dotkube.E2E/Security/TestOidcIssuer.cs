using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.E2E.Security;

/// <summary>
/// An OpenID Connect issuer for the tests: HTTPS on 127.0.0.1 with a certificate from its own CA,
/// serving the discovery document and the JWKS of one RSA key, and minting ID tokens with it.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly RSA signingKey = RSA.Create(2048);
    private readonly X509Certificate2 serving;
    private readonly Task serveLoop;
    private int requests;

    public TestOidcIssuer(string caFile)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=test-oidc-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [7, 7, 7]);
        using var withKey = leaf.CopyWithPrivateKey(leafKey);
        // Through PKCS#12 so SslStream gets a key it can use on every platform.
        serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        listener.Start();
        Issuer = $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        serveLoop = Task.Run(() => ServeAsync(stopping.Token));
    }

    public string Issuer { get; }

    public const string KeyId = "test-key-1";

    /// <summary>HTTP requests answered so far (the API server's discovery and JWKS fetches).</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>An RS256 ID token with these claims (iss is this issuer unless the claims say otherwise).</summary>
    public string Token(JsonObject claims, RSA? key = null)
    {
        claims["iss"] ??= Issuer;
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = (key ?? signingKey).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private string? Answer(string path)
    {
        if (path == "/.well-known/openid-configuration")
        {
            return new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = Issuer + "/keys", ["id_token_signing_alg_values_supported"] = new JsonArray("RS256") }.ToJsonString();
        }
        if (path == "/keys")
        {
            var p = signingKey.ExportParameters(false);
            var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = KeyId, ["use"] = "sig", ["alg"] = "RS256", ["n"] = Base64Url(p.Modulus!), ["e"] = Base64Url(p.Exponent!) };
            return new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString();
        }
        return null;
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(client, ct), CancellationToken.None);
        }
    }

    /// <summary>One HTTP/1.1 request per connection, answered and closed.</summary>
    private async Task HandleAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serving }, ct);
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await tls.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    return;
                }
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            var path = head.ToString().Split(' ')[1];
            Interlocked.Increment(ref requests);
            var body = Answer(path);
            var bytes = Encoding.UTF8.GetBytes(body ?? "not found");
            var status = body is null ? "404 Not Found" : "200 OK";
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"), ct);
            await tls.WriteAsync(bytes, ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // A client that went away: nothing to answer.
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await serveLoop;
        serving.Dispose();
        signingKey.Dispose();
        stopping.Dispose();
    }
}
