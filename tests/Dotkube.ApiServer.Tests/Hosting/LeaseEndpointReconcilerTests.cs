using System.Net;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Hosting;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Storage.MasterLeases;
using Dotkube.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Hosting;

/// <summary>Two servers' reconcilers over one set of master leases, on one store.</summary>
public sealed class LeaseEndpointReconcilerTests
{
    private readonly ApiHandler api;
    private readonly LocalMasterLeases leases = new();

    public LeaseEndpointReconcilerTests()
    {
        var registry = new ResourceRegistry();
        registry.RegisterAll(BuiltinResources.All);
        api = new ApiHandler(registry, new MemoryStore(), [], [new AllowEverything()], [],
            new DiscoveryDocuments(registry, () => "127.0.0.1:6443"), null, TimeProvider.System, NullLogger.Instance);
    }

    private LeaseEndpointReconciler Server(string ip, int port) => new(api, new EndpointReconcilerOptions
    {
        Self = new MasterEndpoint(IPAddress.Parse(ip), port),
        Leases = leases,
    }, NullLogger.Instance);

    [Fact]
    public async Task Every_live_server_is_listed_and_one_that_leaves_is_removed_with_its_slice()
    {
        var first = Server("127.0.0.1", 40001);
        var second = Server("127.0.0.1", 40002);

        await first.ReconcileAsync(includeSelf: true, default);
        await second.ReconcileAsync(includeSelf: true, default);

        Assert.Equal(["127.0.0.1:40001", "127.0.0.1:40002"], await EndpointsAsync());
        Assert.Equal(["kubernetes", "kubernetes-40002"], await SliceNamesAsync());

        await second.RemoveSelfAsync(default);
        Assert.Equal(["127.0.0.1:40001"], await EndpointsAsync());
        Assert.Equal(["kubernetes"], await SliceNamesAsync());
    }

    [Fact]
    public async Task A_round_with_nothing_changed_writes_nothing()
    {
        var server = Server("10.0.0.1", 6443);
        await server.ReconcileAsync(includeSelf: true, default);
        var before = await Store("", "endpoints").GetAsync("default", "kubernetes", default);

        await server.ReconcileAsync(includeSelf: true, default);

        var after = await Store("", "endpoints").GetAsync("default", "kubernetes", default);
        Assert.Equal(before["metadata"]!["resourceVersion"]!.GetValue<string>(), after["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_last_server_leaving_keeps_its_address_as_upstream_refuses_to_erase_every_endpoint()
    {
        var server = Server("10.0.0.1", 6443);
        await server.ReconcileAsync(includeSelf: true, default);

        await server.RemoveSelfAsync(default);

        Assert.Equal(["10.0.0.1:6443"], await EndpointsAsync());
        Assert.Empty(await leases.ListAsync());
    }

    private GenericStore Store(string group, string plural) =>
        api.StoreFor(api.Registry.Find(group, group.Length == 0 ? "v1" : "v1", plural)!);

    private async Task<List<string>> EndpointsAsync()
    {
        var endpoints = await Store("", "endpoints").GetAsync("default", "kubernetes", default);
        return [.. endpoints["subsets"]!.AsArray().SelectMany(s =>
            s!["addresses"]!.AsArray().Select(a => $"{a!["ip"]}:{s["ports"]![0]!["port"]}"))];
    }

    private async Task<List<string>> SliceNamesAsync()
    {
        var page = await Store("discovery.k8s.io", "endpointslices").ListAsync("default", new ListQuery(), default);
        return [.. page.Items.Select(s => s["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }

    private sealed class AllowEverything : IAuthorizer
    {
        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AuthorizationResult.Allowed);
    }
}
