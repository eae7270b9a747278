using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.E2E.CustomResources;

/// <summary>
/// A conversion webhook written for the tests: HTTPS on 127.0.0.1 with a self-signed certificate
/// (its PEM is the CRD's caBundle), answering each ConversionReview v1 by renaming spec.color
/// (v1) to spec.colour (v2) and back. One request per connection, which is all the API server needs.
/// </summary>
public sealed class ConversionWebhookServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public ConversionWebhookServer()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=conversion-webhook", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pfx), null);
        CaBundle = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
        listener.Start();
        loop = AcceptAsync(stop.Token);
    }

    public string Url => $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/convert";

    public string CaBundle { get; }

    public int Requests { get; private set; }

    private async Task AcceptAsync(CancellationToken ct)
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
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(certificate, false, false);
            var body = await ReadRequestBodyAsync(tls, ct);
            Requests++;
            var answer = Encoding.UTF8.GetBytes(Answer(JsonNode.Parse(body)!.AsObject()).ToJsonString());
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n");
            await tls.WriteAsync(head, ct);
            await tls.WriteAsync(answer, ct);
            await tls.FlushAsync(ct);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // A client that gave up (or refused the certificate) ends its own exchange.
        }
    }

    private static async Task<string> ReadRequestBodyAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                throw new IOException("connection closed inside the headers");
            }
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        var headers = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
        var length = headers.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .Single();
        var bodyStart = headerEnd + 4;
        while (buffer.Count - bodyStart < length)
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                throw new IOException("connection closed inside the body");
            }
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        return Encoding.UTF8.GetString(buffer.GetRange(bodyStart, length).ToArray());
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private static JsonObject Answer(JsonObject review)
    {
        var request = review["request"]!.AsObject();
        var desired = request["desiredAPIVersion"]!.GetValue<string>();
        var converted = new JsonArray();
        foreach (var item in request["objects"]!.AsArray())
        {
            var obj = item!.DeepClone().AsObject();
            var spec = obj["spec"] as JsonObject ?? [];
            var toV2 = desired.EndsWith("/v2", StringComparison.Ordinal);
            var (from, to) = toV2 ? ("color", "colour") : ("colour", "color");
            if (spec[from] is { } value)
            {
                spec.Remove(from);
                spec[to] = value.DeepClone();
            }
            obj["apiVersion"] = desired;
            converted.Add(obj);
        }
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "ConversionReview",
            ["response"] = new JsonObject
            {
                ["uid"] = request["uid"]!.GetValue<string>(),
                ["convertedObjects"] = converted,
                ["result"] = new JsonObject { ["status"] = "Success" },
            },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        certificate.Dispose();
        stop.Dispose();
    }
}
