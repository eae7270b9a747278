using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dotkube.Kubeconfig;
using Dotkube.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dotkube.Tests.Tls;

/// <summary>
/// A tiny Kestrel app set up with the cluster's TLS: it answers 200 with the user a verified
/// client certificate names, and 401 to everyone else. One per test class.
/// </summary>
public sealed class WhoAmIServer : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly bool _reloadPki;
    private WebApplication? _app;

    public WhoAmIServer()
        : this(reloadPki: true)
    {
    }

    /// <param name="reloadPki">
    /// Serve certificates read back from the PEM files (what every restart does) rather than the
    /// ones just issued in memory (what the first start does).
    /// </param>
    internal WhoAmIServer(bool reloadPki)
    {
        _reloadPki = reloadPki;
    }

    public ClusterPki Pki { get; private set; } = null!;

    public int Port { get; private set; }

    public string Kubeconfig { get; private set; } = "";

    public string DataDir => _dir.Path;

    public async Task InitializeAsync()
    {
        Pki = ClusterPki.LoadOrCreate(_dir.Combine("pki"), new PkiOptions());
        if (_reloadPki)
        {
            Pki.Dispose();
            Pki = ClusterPki.LoadOrCreate(_dir.Combine("pki"), new PkiOptions());
            Assert.Empty(Pki.Changes);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Both loopback addresses on one port, so clients can use every local name the certificate carries.
        Port = FreeLoopbackPort();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ListenLocalhost(Port, listen => listen.UseHttps(Pki.ConfigureHttps)));
        _app = builder.Build();
        _app.Run(Answer);
        await _app.StartAsync();

        Kubeconfig = KubeconfigWriter.Write(_dir.Path, Pki, "127.0.0.1", Port);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Pki.Dispose();
        _dir.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task Answer(HttpContext context)
    {
        var certificate = await context.Connection.GetClientCertificateAsync();
        if (certificate is null || !Pki.VerifyClientCertificate(certificate, out var user, out var groups))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { kind = "Status", apiVersion = "v1", status = "Failure", message = "Unauthorized", reason = "Unauthorized", code = 401 });
            return;
        }

        // The namespace list lets the official client prove the round trip with a typed call.
        object body = context.Request.Path == "/api/v1/namespaces"
            ? new { kind = "NamespaceList", apiVersion = "v1", metadata = new { }, items = new[] { new { metadata = new { name = user } } } }
            : new { user, groups };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
