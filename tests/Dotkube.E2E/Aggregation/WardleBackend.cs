using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Dotkube.E2E.Aggregation;

/// <summary>
/// A small extension API server written for the tests: HTTPS on 127.0.0.1 with a certificate for
/// the service's DNS name, serving one group-version with a namespaced resource "flunders"
/// (discovery, list, get). Like a real extension server it trusts only requests that arrive over
/// a client certificate from the request-header CA published in
/// kube-system/extension-apiserver-authentication, and takes the user from X-Remote-* headers.
/// </summary>
public sealed class WardleBackend : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private readonly X509Certificate2Collection requestHeaderCa = [];

    private WardleBackend(string group, string serverName, string requestHeaderCaPem)
    {
        Group = group;
        requestHeaderCa.ImportFromPem(requestHeaderCaPem);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=wardle", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(serverName);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pfx), null);
        CaBundle = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        app = builder.Build();
        app.UseWebSockets();
        app.Run(ServeAsync);
    }

    public string Group { get; }

    public const string Version = "v1alpha1";

    /// <summary>The backend's certificate as an APIService caBundle (base64 of the PEM).</summary>
    public string CaBundle { get; }

    public int Port { get; private set; }

    /// <summary>The identities requests arrived with: "user|group1,group2|extra", or "untrusted" without a valid proxy certificate.</summary>
    public ConcurrentQueue<(string Path, string Identity)> Requests { get; } = new();

    public static async Task<WardleBackend> StartAsync(string group, string serverName, string requestHeaderCaPem)
    {
        var backend = new WardleBackend(group, serverName, requestHeaderCaPem);
        await backend.app.StartAsync();
        var address = backend.app.Urls.First();
        backend.Port = new Uri(address).Port;
        return backend;
    }

    private async Task ServeAsync(HttpContext ctx)
    {
        var identity = await IdentityAsync(ctx);
        var path = ctx.Request.Path.Value ?? "";
        Requests.Enqueue((path, identity));
        if (identity == "untrusted")
        {
            await WriteAsync(ctx, 401, Status(401, "Unauthorized", "Unauthorized"));
            return;
        }
        var prefix = $"/apis/{Group}/{Version}";
        switch (path)
        {
            case "/openapi/v2":
                await WriteAsync(ctx, 200, WardleOpenApi.V2(Group, Version));
                return;
            case "/openapi/v3":
                await WriteAsync(ctx, 200, WardleOpenApi.V3Index(Group, Version));
                return;
        }
        if (path == $"/openapi/v3{prefix}")
        {
            await WriteAsync(ctx, 200, WardleOpenApi.V3(Group, Version));
            return;
        }
        if (path.StartsWith(prefix + "/namespaces/", StringComparison.Ordinal) && path.EndsWith("/exec", StringComparison.Ordinal))
        {
            await WardleStreams.ServeAsync(ctx, identity);
            return;
        }
        if (path == prefix)
        {
            await WriteAsync(ctx, 200, Discovery());
            return;
        }
        var parts = path.StartsWith(prefix + "/namespaces/", StringComparison.Ordinal)
            ? path[(prefix.Length + "/namespaces/".Length)..].Split('/')
            : [];
        if (parts.Length == 2 && parts[1] == "flunders")
        {
            await WriteAsync(ctx, 200, new JsonObject
            {
                ["apiVersion"] = $"{Group}/{Version}",
                ["kind"] = "FlunderList",
                ["metadata"] = new JsonObject { ["resourceVersion"] = "7" },
                ["items"] = new JsonArray(Flunder(parts[0], "one", 1), Flunder(parts[0], "two", 2)),
            });
            return;
        }
        if (parts.Length == 3 && parts[1] == "flunders" && parts[2] is "one" or "two")
        {
            await WriteAsync(ctx, 200, Flunder(parts[0], parts[2], parts[2] == "one" ? 1 : 2));
            return;
        }
        await WriteAsync(ctx, 404, Status(404, "NotFound", $"the server could not find the requested resource ({path})"));
    }

    /// <summary>What an extension server's request-header authenticator would conclude.</summary>
    private async Task<string> IdentityAsync(HttpContext ctx)
    {
        var cert = await ctx.Connection.GetClientCertificateAsync();
        if (cert is null)
        {
            return "untrusted";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(requestHeaderCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(cert) || cert.GetNameInfo(X509NameType.SimpleName, false) != "front-proxy-client")
        {
            return "untrusted";
        }
        var headers = ctx.Request.Headers;
        var extras = headers.Where(h => h.Key.StartsWith("X-Remote-Extra-", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key["X-Remote-Extra-".Length..].ToLowerInvariant()}={h.Value}");
        return $"{headers["X-Remote-User"]}|{string.Join(",", headers["X-Remote-Group"].ToArray())}|{string.Join(";", extras)}";
    }

    private JsonObject Discovery() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = $"{Group}/{Version}",
        ["resources"] = new JsonArray(new JsonObject
        {
            ["name"] = "flunders",
            ["singularName"] = "flunder",
            ["namespaced"] = true,
            ["kind"] = "Flunder",
            ["verbs"] = new JsonArray("get", "list"),
            ["shortNames"] = new JsonArray("fl"),
        }),
    };

    private JsonObject Flunder(string ns, string name, int size) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "Flunder",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["uid"] = Guid.NewGuid().ToString(),
            ["resourceVersion"] = "7",
            ["creationTimestamp"] = "2026-01-01T00:00:00Z",
        },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static async Task WriteAsync(HttpContext ctx, int code, JsonObject body)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }
}
