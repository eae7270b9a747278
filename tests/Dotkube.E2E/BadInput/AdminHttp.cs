using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;
using k8s;

namespace Dotkube.E2E.BadInput;

/// <summary>
/// Raw HTTPS to a dotkube server, as the kubeconfig's admin user: the client certificate and key
/// from client-certificate-data/client-key-data, the server checked against certificate-authority-data
/// only. Without a certificate it is an anonymous caller. For requests the typed client cannot make.
/// </summary>
public sealed class AdminHttp : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2? _clientCertificate;

    private AdminHttp(Uri server, X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        _ca = ca;
        _clientCertificate = clientCertificate;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = ValidateServer,
            },
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        Http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>TLS options for a raw connection as this caller (for upgrade and websocket requests).</summary>
    public SslClientAuthenticationOptions SslOptions() => new()
    {
        TargetHost = Http.BaseAddress!.Host,
        ClientCertificates = _clientCertificate is null ? null : new X509CertificateCollection { _clientCertificate },
        RemoteCertificateValidationCallback = ValidateServer,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
    };

    /// <summary>Reads <paramref name="server"/>'s kubeconfig; <paramref name="withClientCertificate"/> false makes an anonymous caller.</summary>
    public static AdminHttp For(DotkubeServer server, bool withClientCertificate = true)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(server.Kubeconfig);
        var context = config.Contexts.Single(c => c.Name == config.CurrentContext).ContextDetails;
        var cluster = config.Clusters.Single(c => c.Name == context.Cluster).ClusterEndpoint;
        var user = config.Users.Single(u => u.Name == context.User).UserCredentials;

        var ca = X509Certificate2.CreateFromPem(Pem(cluster.CertificateAuthorityData));
        X509Certificate2? client = null;
        if (withClientCertificate)
        {
            using var ephemeral = X509Certificate2.CreateFromPem(Pem(user.ClientCertificateData), Pem(user.ClientKeyData));
            // A PKCS#12 round trip gives the key a form every TLS backend accepts.
            client = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        return new AdminHttp(new Uri(cluster.Server), ca, client);
    }

    /// <summary>Sends a request; the body, when given, goes with <paramref name="contentType"/> exactly as written.</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string? contentType = "application/json", string? accept = null) =>
        SendAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, accept);

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, byte[]? body, string? contentType = "application/json", string? accept = null,
        bool chunked = false, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            if (chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }

            request.Content = content;
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }

        return await Http.SendAsync(request);
    }

    /// <summary>GETs <paramref name="path"/>, requires 200, and returns the body as it came.</summary>
    public async Task<string> GetStringAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task<JsonObject> GetJsonAsync(string path) =>
        JsonNode.Parse(await GetStringAsync(path)) as JsonObject ?? throw new InvalidOperationException($"GET {path} did not return an object");

    /// <summary>POSTs a JSON body and requires 201 Created; returns the stored object.</summary>
    public async Task<JsonObject> CreateAsync(string collectionPath, string json)
    {
        using var response = await SendAsync(HttpMethod.Post, collectionPath, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {collectionPath}: {(int)response.StatusCode} {body}");
        return (JsonObject)JsonNode.Parse(body)!;
    }

    public void Dispose()
    {
        Http.Dispose();
        _ca.Dispose();
        _clientCertificate?.Dispose();
    }

    private static string Pem(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        // Only the cluster CA is trusted, whatever the machine's store says.
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.Add(_ca);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return own.Build(leaf);
    }
}

/// <summary>Response helpers shared by the raw-HTTP tests.</summary>
public static class HttpResponseExtensions
{
    /// <summary>
    /// Asserts <paramref name="response"/> is a well-formed upstream error: the status code, a JSON
    /// <c>kind: Status</c> body with apiVersion v1, status Failure, the same code and the reason.
    /// </summary>
    public static async Task<JsonObject> AssertStatusAsync(this HttpResponseMessage response, int code, string reason, string? context = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        var what = context is null ? "" : $" for {context}";
        Assert.True(code == (int)response.StatusCode, $"expected HTTP {code} {reason}{what}, got {(int)response.StatusCode}: {Shorten(body)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = JsonNode.Parse(body) as JsonObject;
        Assert.NotNull(status);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("v1", (string?)status["apiVersion"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(code, (int?)status["code"]);
        // Upstream's StatusReasonUnknown is "" and left out of the Status.
        Assert.Equal(reason, (string?)status["reason"] ?? "");
        Assert.False(string.IsNullOrEmpty((string?)status["message"]), "a Status without a message");
        return status;
    }

    /// <summary>Asserts the Status names a cause on <paramref name="field"/> (with <paramref name="reason"/> when given).</summary>
    public static void AssertCause(JsonObject status, string field, string? reason = null)
    {
        var causes = status["details"]?["causes"] as JsonArray ?? [];
        var found = causes.Any(c => (string?)c?["field"] == field && (reason is null || (string?)c?["reason"] == reason));
        Assert.True(found, $"no cause on {field}{(reason is null ? "" : $" with reason {reason}")} in {Shorten(status.ToJsonString())}");
    }

    public static string Shorten(string text, int max = 600) => text.Length > max ? text[..max] + $"... ({text.Length} chars)" : text;
}
