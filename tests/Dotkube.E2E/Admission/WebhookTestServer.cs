using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dotkube.E2E.Admission;

/// <summary>
/// Admission webhooks written for the tests: Kestrel over HTTPS on 127.0.0.1 with a serving
/// certificate signed by a CA generated here (its PEM is the configurations' caBundle).
/// Paths: /deny refuses objects named bad-* (and warns on the others), /label adds the label
/// webhooks.dotkube.io/mutated=yes by JSONPatch, /slow answers after three seconds. Every review
/// received is kept, by path.
/// </summary>
public sealed class WebhookTestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookTestServer(WebApplication app, string caBundle)
    {
        this.app = app;
        CaBundle = caBundle;
    }

    public string CaBundle { get; }

    public int Port { get; private set; }

    public ConcurrentQueue<(string Path, JsonObject Review)> Reviews { get; } = new();

    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    /// <param name="dnsNames">extra names for the serving certificate (e.g. a Service's name.namespace.svc).</param>
    public static async Task<WebhookTestServer> StartAsync(params string[] dnsNames)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=webhook-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=webhook", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        foreach (var dnsName in dnsNames)
        {
            san.AddDnsName(dnsName);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        var serving = X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
        var caBundle = Convert.ToBase64String(Encoding.ASCII.GetBytes(ca.ExportCertificatePem()));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serving)));
        var app = builder.Build();
        var server = new WebhookTestServer(app, caBundle);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var review = (await JsonNode.ParseAsync(ctx.Request.Body))!.AsObject();
        var path = ctx.Request.Path.Value ?? "";
        Reviews.Enqueue((path, review));
        var request = review["request"]!.AsObject();
        var response = new JsonObject { ["uid"] = request["uid"]!.GetValue<string>(), ["allowed"] = true };
        var name = request["name"]?.GetValue<string>() ?? request["object"]?["metadata"]?["name"]?.GetValue<string>() ?? "";
        switch (path)
        {
            case "/deny" when name.StartsWith("bad-", StringComparison.Ordinal):
                response["allowed"] = false;
                response["status"] = new JsonObject { ["code"] = 403, ["message"] = $"objects named bad-* are not welcome, {name}" };
                break;
            case "/deny":
                response["warnings"] = new JsonArray($"checked {name} and let it pass");
                response["auditAnnotations"] = new JsonObject { ["checked"] = name };
                break;
            case "/label":
                var hasLabels = request["object"]?["metadata"]?["labels"] is JsonObject;
                var patch = hasLabels
                    ? new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/webhooks.dotkube.io~1mutated", ["value"] = "yes" })
                    : new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject { ["webhooks.dotkube.io/mutated"] = "yes" } });
                response["patchType"] = "JSONPatch";
                response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
                break;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(3), ctx.RequestAborted);
                break;
        }
        var apiVersion = review["apiVersion"]!.GetValue<string>();
        var answer = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(answer.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
