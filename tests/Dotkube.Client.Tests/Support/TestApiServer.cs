using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Storage.Memory;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.Client.Tests.Support;

/// <summary>
/// dotkube's real request pipeline over a memory store, in process behind ASP.NET's test server
/// (as tests/Dotkube.ApiServer.Tests hosts it), every request an admin. <see cref="Connection"/>
/// sits between the client and the server so a test can drop connections.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private sealed class AdminAuthenticator : IAuthenticator
    {
        public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context) =>
            ValueTask.FromResult<UserInfo?>(new UserInfo("test-admin", ["system:masters", "system:authenticated"]));
    }

    private TestApiServer()
    {
        var registry = new ResourceRegistry();
        registry.RegisterAll(BuiltinResources.All);
        ApiHandler? handler = null;
        GenericStore? Namespaces() => handler?.StoreFor(registry.Find("", "v1", "namespaces")!);
        var lifecycle = new NamespaceLifecycle((name, ct) => Namespaces()!.TryGetAsync("", name, ct));
        handler = new ApiHandler(registry, Store, [new AdminAuthenticator()], [], [lifecycle],
            new DiscoveryDocuments(registry, () => "127.0.0.1:6443"), null, TimeProvider.System, NullLogger.Instance)
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        app = builder.Build();
        app.Run(handler.HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        Connection = new DroppableHandler(app.GetTestServer().CreateHandler());
        Client = new KubeApiClient(Connection, new Uri("http://localhost/"), new KubeApiClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        Admin = new KubeApiClient(app.GetTestServer().CreateHandler(), new Uri("http://localhost/"));
    }

    /// <summary>A client that does not go through <see cref="Connection"/>: writes that work while it is dropped.</summary>
    public KubeApiClient Admin { get; }

    public MemoryStore Store { get; } = new();

    public DroppableHandler Connection { get; }

    public KubeApiClient Client { get; }

    public static async Task<TestApiServer> StartAsync(params string[] namespaces)
    {
        var server = new TestApiServer();
        foreach (var ns in namespaces)
        {
            await server.Client.CreateAsync(ResourceType.Namespaces, null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Store.DisposeAsync();
    }
}
