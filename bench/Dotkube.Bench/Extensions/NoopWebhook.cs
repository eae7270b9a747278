using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dotkube.Bench.Extensions;

/// <summary>
/// A validating admission webhook that allows everything: Kestrel over HTTPS on 127.0.0.1 with a
/// certificate from its own CA (the caBundle). It parses each AdmissionReview and answers with
/// the request's uid, as a real no-op webhook must.
/// </summary>
internal sealed class NoopWebhook : IAsyncDisposable
{
    private readonly WebApplication app;
    private long calls;

    private NoopWebhook(WebApplication app, string caBundle)
    {
        this.app = app;
        CaBundle = caBundle;
    }

    /// <summary>base64 of the CA's PEM, as clientConfig.caBundle wants it.</summary>
    public string CaBundle { get; }

    public string Url { get; private set; } = "";

    public long Calls => Interlocked.Read(ref calls);

    public static async Task<NoopWebhook> StartAsync()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=bench-webhook-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench-webhook", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        var serving = X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serving)));
        var app = builder.Build();
        var webhook = new NoopWebhook(app, Convert.ToBase64String(Encoding.ASCII.GetBytes(ca.ExportCertificatePem())));
        app.Run(webhook.HandleAsync);
        await app.StartAsync();
        webhook.Url = $"https://127.0.0.1:{new Uri(app.Urls.First()).Port}/validate";
        return webhook;
    }

    /// <summary>A ValidatingWebhookConfiguration calling this webhook for ConfigMap creates in namespaces labelled <paramref name="label"/>=on.</summary>
    public string Configuration(string name, string label) => new JsonObject
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = "ValidatingWebhookConfiguration",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["webhooks"] = new JsonArray(new JsonObject
        {
            ["name"] = "noop.bench.dotkube.io",
            ["clientConfig"] = new JsonObject { ["url"] = Url, ["caBundle"] = CaBundle },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["apiGroups"] = new JsonArray(""),
                ["apiVersions"] = new JsonArray("v1"),
                ["operations"] = new JsonArray("CREATE"),
                ["resources"] = new JsonArray("configmaps"),
            }),
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { [label] = "on" } },
            ["failurePolicy"] = "Fail",
            ["sideEffects"] = "None",
            ["admissionReviewVersions"] = new JsonArray("v1"),
            ["timeoutSeconds"] = 10,
        }),
    }.ToJsonString();

    private async Task HandleAsync(HttpContext ctx)
    {
        Interlocked.Increment(ref calls);
        var review = (await JsonNode.ParseAsync(ctx.Request.Body))!.AsObject();
        var answer = new JsonObject
        {
            ["apiVersion"] = review["apiVersion"]!.GetValue<string>(),
            ["kind"] = "AdmissionReview",
            ["response"] = new JsonObject { ["uid"] = review["request"]!["uid"]!.GetValue<string>(), ["allowed"] = true },
        };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(answer.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
