using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.E2E.Security;

/// <summary>
/// A token webhook for the tests: HTTPS on 127.0.0.1 with its own CA, answering TokenReviews
/// POSTed to /authenticate from a table of known tokens, and counting the reviews per token.
/// </summary>
public sealed class TestTokenWebhook : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly X509Certificate2 serving;
    private readonly Task serveLoop;

    /// <summary>token → (user name, groups); other tokens are answered "not authenticated".</summary>
    public ConcurrentDictionary<string, (string User, string[] Groups)> Users { get; } = new();

    public ConcurrentDictionary<string, int> Reviews { get; } = new();

    /// <summary>The apiVersion of the last review received.</summary>
    public string? LastApiVersion { get; private set; }

    public TestTokenWebhook(string kubeconfigFile)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-webhook-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [9, 9, 9]);
        using var withKey = leaf.CopyWithPrivateKey(leafKey);
        serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // The kubeconfig format upstream documents: the cluster is the remote service, the user the API server.
        File.WriteAllText(kubeconfigFile, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: token-webhook
              cluster:
                server: https://127.0.0.1:{{port}}/authenticate
                certificate-authority-data: {{Convert.ToBase64String(Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"))}}
            users:
            - name: kube-apiserver
              user: {}
            contexts:
            - name: webhook
              context:
                cluster: token-webhook
                user: kube-apiserver
            current-context: webhook
            """);
        serveLoop = Task.Run(() => ServeAsync(stopping.Token));
    }

    private string Answer(string body)
    {
        var review = JsonNode.Parse(body)!.AsObject();
        LastApiVersion = review["apiVersion"]?.GetValue<string>();
        var token = review["spec"]?["token"]?.GetValue<string>() ?? "";
        Reviews.AddOrUpdate(token, 1, (_, n) => n + 1);
        var status = Users.TryGetValue(token, out var user)
            ? new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject
                {
                    ["username"] = user.User,
                    ["uid"] = "webhook-uid-1",
                    ["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]),
                    ["extra"] = new JsonObject { ["example.com/source"] = new JsonArray("test-webhook") },
                },
            }
            : new JsonObject { ["authenticated"] = false };
        return new JsonObject { ["apiVersion"] = LastApiVersion, ["kind"] = "TokenReview", ["status"] = status }.ToJsonString();
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

    /// <summary>One HTTP/1.1 POST per connection: the head, then Content-Length bytes of body; answered and closed.</summary>
    private async Task HandleAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serving }, ct);
            var received = new List<byte>();
            var buffer = new byte[8192];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(received)) < 0)
            {
                var n = await tls.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    return;
                }
                received.AddRange(buffer.AsSpan(0, n));
            }
            var head = Encoding.ASCII.GetString([.. received.Take(headEnd)]);
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim());
            while (received.Count < headEnd + 4 + length)
            {
                var n = await tls.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    return;
                }
                received.AddRange(buffer.AsSpan(0, n));
            }
            var answer = Encoding.UTF8.GetBytes(Answer(Encoding.UTF8.GetString([.. received.Skip(headEnd + 4).Take(length)])));
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n"), ct);
            await tls.WriteAsync(answer, ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // A client that went away: nothing to answer.
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await serveLoop;
        serving.Dispose();
        stopping.Dispose();
    }
}
