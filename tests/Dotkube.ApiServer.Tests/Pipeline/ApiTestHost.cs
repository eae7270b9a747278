using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Storage.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Pipeline;

/// <summary>
/// The real request pipeline (ApiHandler over a memory store with every built-in resource) in
/// process, behind ASP.NET's test server; every request is authenticated as an admin unless it
/// carries the header X-Anonymous.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    public MemoryStore Store { get; }

    public ApiHandler Handler { get; }

    public HttpClient Client { get; }

    private sealed class TestAuthenticator : IAuthenticator
    {
        public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context) =>
            ValueTask.FromResult(context.Request.Headers.ContainsKey("X-Anonymous")
                ? null
                : new UserInfo("test-admin", ["system:masters", "system:authenticated"]));
    }

    private ApiTestHost(MemoryStore? store = null)
    {
        Store = store ?? new MemoryStore();
        var registry = new ResourceRegistry();
        registry.RegisterAll(BuiltinResources.All);
        ApiHandler? handler = null;
        GenericStore? Namespaces() => handler?.StoreFor(registry.Find("", "v1", "namespaces")!);
        var lifecycle = new NamespaceLifecycle((name, ct) => Namespaces()!.TryGetAsync("", name, ct));
        handler = new ApiHandler(registry, Store, [new TestAuthenticator()], [lifecycle],
            new DiscoveryDocuments(registry, () => "127.0.0.1:6443"), null, TimeProvider.System, NullLogger.Instance)
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        };
        Handler = handler;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        app = builder.Build();
        app.Run(handler.HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        Client = app.GetTestClient();
    }

    public static Task<ApiTestHost> StartAsync(params string[] namespaces) => StartAsync(null, namespaces);

    /// <summary>Over the given store (e.g. one with a smaller value limit, as etcd's is).</summary>
    public static async Task<ApiTestHost> StartAsync(MemoryStore? store, params string[] namespaces)
    {
        var host = new ApiTestHost(store);
        foreach (var ns in namespaces)
        {
            var r = await host.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            Assert.Equal(201, (int)r.StatusCode);
        }
        return host;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public async Task<(int Code, JsonObject Body)> JsonAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var r = await SendAsync(method, path, body, contentType, accept);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Store.DisposeAsync();
    }
}
