using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Calls a CRD's conversion webhook: a ConversionReview (apiextensions.k8s.io/v1) POSTed over
/// HTTPS to clientConfig.url, or to clientConfig.service — reached at one of the Service's
/// Endpoints addresses (cluster IPs do not route yet) while the certificate is checked for
/// <c>name.namespace.svc</c> — trusting only clientConfig.caBundle when it is set.
/// Conversion is synchronous because the registry's converters are; the call is bounded by a
/// 30 s timeout, upstream's webhook default.
/// </summary>
public sealed class ConversionWebhookClient
{
    /// <summary>Finds an address (IP) backing a Service port: (namespace, name, port) → "ip:port", or null.</summary>
    public delegate string? ServiceResolver(string ns, string name, int port);

    private readonly HttpClient http;
    private readonly Uri target;

    public ConversionWebhookClient(CrdView crd, ServiceResolver resolveService)
    {
        var clientConfig = crd.ConversionWebhook?["clientConfig"] as JsonObject ?? [];
        var caBundle = CrdView.Text(clientConfig, "caBundle");
        string? dialTo = null;
        if (CrdView.Text(clientConfig, "url") is { Length: > 0 } url)
        {
            target = new Uri(url);
        }
        else
        {
            var service = clientConfig["service"] as JsonObject ?? [];
            var ns = CrdView.Text(service, "namespace");
            var name = CrdView.Text(service, "name");
            var port = service["port"] is JsonValue p && p.TryGetValue<int>(out var n) ? n : 443;
            var path = CrdView.Text(service, "path");
            target = new Uri($"https://{name}.{ns}.svc:{port}{path}");
            dialTo = $"{ns}/{name}/{port}";
            this.resolveService = resolveService;
        }
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) => Verify(cert, errors, caBundle),
            },
        };
        if (dialTo is not null)
        {
            handler.ConnectCallback = (context, ct) => ConnectToEndpointAsync(dialTo, ct);
        }
        http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private readonly ServiceResolver? resolveService;

    private async ValueTask<Stream> ConnectToEndpointAsync(string service, CancellationToken ct)
    {
        var parts = service.Split('/');
        var address = resolveService!(parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new HttpRequestException($"service \"{parts[1]}\" in namespace \"{parts[0]}\" has no ready endpoints");
        var colon = address.LastIndexOf(':');
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(address[..colon].Trim('[', ']')), int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool Verify(X509Certificate? cert, SslPolicyErrors errors, string caBundle)
    {
        if (cert is null)
        {
            return false;
        }
        if (caBundle.Length == 0)
        {
            return errors == SslPolicyErrors.None;
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        var pem = Encoding.ASCII.GetString(System.Convert.FromBase64String(caBundle));
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(pem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(cert);
        return chain.Build(leaf);
    }

    public JsonObject Convert(JsonObject obj, string toApiVersion)
    {
        var uid = Guid.NewGuid().ToString();
        var review = new JsonObject
        {
            ["kind"] = "ConversionReview",
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["desiredAPIVersion"] = toApiVersion,
                ["objects"] = new JsonArray(obj.DeepClone()),
            },
        };
        var gvk = $"{toApiVersion}, Kind={CrdView.Text(obj, "kind")}";
        JsonObject response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = new StringContent(ObjectJson.ToJsonString(review), Encoding.UTF8, "application/json"),
            };
            using var answer = http.Send(request);
            using var reader = new StreamReader(answer.Content.ReadAsStream());
            var body = reader.ReadToEnd();
            if (!answer.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"the server responded with status {(int)answer.StatusCode}");
            }
            response = JsonNode.Parse(body) as JsonObject ?? throw new FormatException("the response is not a JSON object");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException or System.Text.Json.JsonException or IOException)
        {
            throw StatusException.Internal($"conversion webhook for {gvk} failed: Post \"{target}\": {e.Message}");
        }
        var result = response["response"] as JsonObject;
        if (result is null || CrdView.Text(result, "uid") != uid)
        {
            throw StatusException.Internal($"conversion webhook for {gvk} returned invalid metadata: expected response uid {uid}");
        }
        if (result["result"] is JsonObject status && CrdView.Text(status, "status") != "Success")
        {
            throw StatusException.Internal($"conversion webhook for {gvk} failed: {CrdView.Text(status, "message")}");
        }
        if (result["convertedObjects"] is not JsonArray { Count: 1 } converted || converted[0] is not JsonObject first)
        {
            throw StatusException.Internal($"conversion webhook for {gvk} returned {(result["convertedObjects"] as JsonArray)?.Count ?? 0} objects, expected 1");
        }
        if (CrdView.Text(first, "apiVersion") != toApiVersion)
        {
            throw StatusException.Internal($"conversion webhook for {gvk} returned invalid converted object: invalid apiVersion {CrdView.Text(first, "apiVersion")}, expected {toApiVersion}");
        }
        var convertedObject = (JsonObject)first.DeepClone();
        // Upstream keeps the original metadata but for labels and annotations, which the webhook may change.
        var metadata = (JsonObject)ObjectJson.Metadata(obj).DeepClone();
        if (convertedObject["metadata"] is JsonObject m)
        {
            metadata["labels"] = m["labels"]?.DeepClone();
            metadata["annotations"] = m["annotations"]?.DeepClone();
            if (metadata["labels"] is null)
            {
                metadata.Remove("labels");
            }
            if (metadata["annotations"] is null)
            {
                metadata.Remove("annotations");
            }
        }
        convertedObject["metadata"] = metadata;
        return convertedObject;
    }
}
