using System.Net;
using System.Text;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Hosting;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Hosting;

public sealed class LoopbackTransportTests : IAsyncLifetime
{
    private readonly LoopbackTokenAuthenticator tokens = new();
    private LoopbackTransport? transport;

    public async Task InitializeAsync()
    {
        var registry = new ResourceRegistry();
        registry.RegisterAll(BuiltinResources.All);
        var handler = new ApiHandler(registry, new MemoryStore(), [tokens], [new AllowEverything()], [],
            new DiscoveryDocuments(registry, () => "127.0.0.1:6443"), null, TimeProvider.System, NullLogger.Instance);
        transport = await LoopbackTransport.StartAsync(handler, tokens, NullLoggerFactory.Instance, default);
    }

    /// <summary>Authorization is not under test here: the transport's identities may do anything.</summary>
    private sealed class AllowEverything : IAuthorizer
    {
        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AuthorizationResult.Allowed);
    }

    public async Task DisposeAsync()
    {
        if (transport is not null)
        {
            await transport.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_component_reaches_the_pipeline_as_its_own_identity()
    {
        using var client = transport!.CreateClient(new UserInfo("system:kube-scheduler", ["system:authenticated"]));
        var created = await client.PostAsync("/api/v1/namespaces",
            new StringContent("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"loop"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var got = await client.GetStringAsync("/api/v1/namespaces/loop");
        Assert.Contains("\"name\":\"loop\"", got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_token_the_process_did_not_mint_is_not_accepted()
    {
        using var client = new HttpClient(transport!.CreateHandlerWithoutIdentity()) { BaseAddress = LoopbackTransport.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        request.Headers.Authorization = new("Bearer", "loopback-0000");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_watch_streams_events_through_the_transport()
    {
        using var client = transport!.CreateClient(new UserInfo("watcher", ["system:authenticated"]));
        using var response = await client.GetAsync("/api/v1/namespaces?watch=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var create = client.PostAsync("/api/v1/namespaces",
            new StringContent("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"watched"}}""", Encoding.UTF8, "application/json"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.Contains("\"watched\"", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.StartsWith("{\"type\":\"ADDED\"", line, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await create).StatusCode);
    }
}
