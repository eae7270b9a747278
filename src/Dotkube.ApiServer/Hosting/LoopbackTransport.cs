using System.Net.Http.Headers;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Hosting;

/// <summary>
/// The in-process transport for components that run in the server's process: HTTP requests go
/// straight into the same request pipeline kubectl reaches over TLS (authentication, authorization,
/// admission, watch streaming), without a socket or TLS. ASP.NET Core's in-memory server (TestHost)
/// does the HTTP-to-HttpContext work; components get an ordinary <see cref="HttpMessageHandler"/>,
/// so the same client code can run out of process over HTTPS instead.
/// </summary>
public sealed class LoopbackTransport : IAsyncDisposable
{
    /// <summary>The base address loopback clients use; it never reaches a network.</summary>
    public static Uri BaseAddress { get; } = new("http://loopback.dotkube.internal/");

    private readonly WebApplication app;
    private readonly TestServer server;
    private readonly LoopbackTokenAuthenticator tokens;

    private LoopbackTransport(WebApplication app, LoopbackTokenAuthenticator tokens)
    {
        this.app = app;
        this.tokens = tokens;
        server = app.GetTestServer();
    }

    public static async Task<LoopbackTransport> StartAsync(ApiHandler handler, LoopbackTokenAuthenticator tokens, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(HostDefaults.Options());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseTestServer(o => o.PreserveExecutionContext = false);
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        return new LoopbackTransport(app, tokens);
    }

    /// <summary>A handler whose every request is authenticated as <paramref name="identity"/>.</summary>
    public HttpMessageHandler CreateHandler(UserInfo identity) =>
        new BearerTokenHandler(tokens.Issue(identity)) { InnerHandler = server.CreateHandler() };

    /// <summary>For tests: the bare in-memory handler, which presents no credential of its own.</summary>
    internal HttpMessageHandler CreateHandlerWithoutIdentity() => server.CreateHandler();

    /// <summary>An HttpClient with <see cref="BaseAddress"/> and no timeout (watches are long).</summary>
    public HttpClient CreateClient(UserInfo identity) =>
        new(CreateHandler(identity)) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class BearerTokenHandler(string token) : DelegatingHandler
    {
        private readonly AuthenticationHeaderValue header = new("Bearer", token);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = header;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
