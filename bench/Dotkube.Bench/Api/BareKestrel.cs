using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dotkube.Bench.Api;

/// <summary>
/// The ceiling for the API server: Kestrel with the server's own TLS setup (its serving
/// certificate, HTTP/1.1 and HTTP/2, client certificates asked for and accepted) answering every
/// request with the same ~1 KB of JSON, in its own process with the server's GC settings.
/// </summary>
internal static class BareKestrel
{
    public const string ChildName = "kestrel";
    public const string ReadyText = "bare kestrel is ready";

    /// <summary>The same runtime settings as src/Dotkube's project (workstation, non-concurrent GC).</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
        ["DOTNET_TieredPGO"] = "1",
    };

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(FixedJson());

    /// <summary>Starts the child: this benchmark's own executable with <c>api --child kestrel</c>.</summary>
    public static ServedProcess Start(string pkiDirectory, int port)
    {
        var host = System.Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            args.Add(typeof(BareKestrel).Assembly.Location);
        }

        args.AddRange(["api", "--child", ChildName, "--pki", pkiDirectory, "--port", port.ToString(CultureInfo.InvariantCulture)]);
        return ServedProcess.Start(host, args, Environment, ReadyText);
    }

    /// <summary>The child's body: serve until SIGTERM, or until the parent closes our stdin (it died).</summary>
    public static async Task<int> RunChildAsync(BenchArgs args)
    {
        var pki = args.String("pki", "");
        var port = (int)args.Double("port", 0);
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "apiserver.crt"), Path.Combine(pki, "apiserver.key"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                });
            });
        });
        await using var app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync();
        Console.WriteLine($"{ReadyText} on port {port}");

        var parentGone = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(parentGone, app.WaitForShutdownAsync());
        await app.StopAsync();
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        // Read what was sent, as a real handler must, then answer the fixed document.
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Body.Length;
        await context.Response.Body.WriteAsync(Body, context.RequestAborted);
    }

    private static string FixedJson()
    {
        var json = new StringBuilder("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"padding":[""");
        while (json.Length < 1000)
        {
            json.Append("\"0123456789abcdef\",");
        }

        json.Length--;
        json.Append("]}}");
        return json.ToString();
    }
}
