using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Authorization.Bootstrap;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Authorization.Reviews;
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
/// carries the header X-Anonymous, or X-User (with X-Groups, comma-separated) naming someone else.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    public MemoryStore Store { get; }

    public ApiHandler Handler { get; }

    public HttpClient Client { get; }

    private sealed class TestAuthenticator : IAuthenticator
    {
        public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
        {
            var h = context.Request.Headers;
            if (h.ContainsKey("X-Anonymous"))
            {
                return ValueTask.FromResult<UserInfo?>(null);
            }
            if (h["X-User"].ToString() is { Length: > 0 } user)
            {
                var groups = h["X-Groups"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
                return ValueTask.FromResult<UserInfo?>(new UserInfo(user, [.. groups, "system:authenticated"]));
            }
            return ValueTask.FromResult<UserInfo?>(new UserInfo("test-admin", ["system:masters", "system:authenticated"]));
        }
    }

    private readonly CancellationTokenSource stopping = new();

    /// <summary>The RBAC cache the authorizer reads (live-fed by watches in hosts from StartWithRbacAsync).</summary>
    public RbacCache Rbac { get; }

    private ApiTestHost(MemoryStore? store = null)
    {
        Store = store ?? new MemoryStore();
        var registry = new ResourceRegistry();
        ApiHandler? handler = null;
        var rbac = new RbacCache(def => handler!.StoreFor(def), NullLogger.Instance);
        Rbac = rbac;
        IReadOnlyList<IAuthorizer> authorizers = [new PrivilegedGroupAuthorizer(), new RbacAuthorizer(rbac)];
        registry.RegisterAll([.. BuiltinResources.All, .. AccessReviewResources.Create(authorizers)]);
        GenericStore? Namespaces() => handler?.StoreFor(registry.Find("", "v1", "namespaces")!);
        var lifecycle = new NamespaceLifecycle((name, ct) => Namespaces()!.TryGetAsync("", name, ct));
        // Authorization as in the server: system:masters first, then RBAC (over the default policy
        // applied to the cache directly, or live from the store in hosts from StartWithRbacAsync).
        handler = new ApiHandler(registry, Store, [new TestAuthenticator()], authorizers, [lifecycle, new EscalationCheck(rbac, authorizers)],
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
        foreach (var o in BootstrapPolicy.All)
        {
            host.Rbac.Apply(o.Definition, o.Object, deleted: false);
        }
        return await host.CreateNamespacesAsync(namespaces);
    }

    /// <summary>
    /// A host whose RBAC is the server's: the default policy reconciled into the store, the cache
    /// fed by watches, and admin/edit/view aggregated once (the controller manager keeps them current
    /// in a server; its clusterrole-aggregation controller is tested in Dotkube.Controllers.Tests and E2E).
    /// </summary>
    public static async Task<ApiTestHost> StartWithRbacAsync(params string[] namespaces)
    {
        var host = new ApiTestHost();
        await host.CreateNamespacesAsync(["kube-system", "kube-public"]);
        await new PolicyReconciler(host.Handler.StoreFor, NullLogger.Instance).ReconcileAsync(BootstrapPolicy.All, CancellationToken.None);
        _ = host.Rbac.RunAsync(host.stopping.Token);
        await AggregateOnceAsync(host.Handler.StoreFor(Dotkube.ApiServer.Resources.Rbac.RbacResources.ClusterRoles));
        await host.Rbac.Synced;
        return await host.CreateNamespacesAsync(namespaces);
    }

    private static async Task AggregateOnceAsync(GenericStore store)
    {
        var all = (await store.ListAsync("", new ListQuery(), CancellationToken.None)).Items;
        foreach (var role in all.Where(ClusterRoleAggregation.IsAggregated))
        {
            var rules = BootstrapPolicy.EffectiveRulesOf(ObjectJson.Name(role));
            await store.UpdateAsync("", ObjectJson.Name(role), r =>
            {
                r["rules"] = new JsonArray([.. rules.Select(x => (JsonNode)x.ToJson())]);
                r["metadata"]!.AsObject().Remove("resourceVersion");
                return r;
            }, UpdateTarget.Main, WriteOptions.Internal, CancellationToken.None);
        }
    }

    private async Task<ApiTestHost> CreateNamespacesAsync(string[] namespaces)
    {
        foreach (var ns in namespaces)
        {
            var r = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            Assert.Equal(201, (int)r.StatusCode);
        }
        return this;
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

    /// <summary>A JSON request made as another user (authenticated, in the given groups too).</summary>
    public async Task<(int Code, JsonObject Body)> JsonAsUserAsync(string user, string groups, HttpMethod method, string path, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        request.Headers.Add("X-User", user);
        request.Headers.Add("X-Groups", groups);
        using var r = await Client.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Store.DisposeAsync();
    }
}
