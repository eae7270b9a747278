using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Admission.Caching;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using Dotkube.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.Admission.Caching;

/// <summary>
/// Admission reads served from watch-fed caches: from memory once synced, never missing a write this
/// server has already answered, copies callers may change, and storage when the cache cannot answer.
/// </summary>
public sealed class CachedAdmissionObjectsTests : IAsyncDisposable
{
    private readonly MemoryStore store = new();
    private readonly GenericStore limitRanges;
    private readonly GenericStore serviceAccounts;
    private readonly CountingObjects live;
    private readonly CachedAdmissionObjects cached;
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public CachedAdmissionObjectsTests()
    {
        limitRanges = new GenericStore(LimitRanges.Definition, store, AdmissionChain.Empty, TimeProvider.System);
        serviceAccounts = new GenericStore(ServiceAccounts.Definition, store, AdmissionChain.Empty, TimeProvider.System);
        live = new CountingObjects(StoreFor);
        cached = new CachedAdmissionObjects(live, StoreFor, NullLoggerFactory.Instance);
    }

    private GenericStore? StoreFor(string group, string plural) => (group, plural) switch
    {
        ("", "limitranges") => limitRanges,
        ("", "serviceaccounts") => serviceAccounts,
        _ => null,
    };

    private async Task StartAsync()
    {
        running = cached.RunAsync(stop.Token);
        await WaitUntilAsync(() => cached.IsFresh("", "limitranges") && cached.IsFresh("", "serviceaccounts"));
    }

    [Fact]
    public async Task A_synced_cache_answers_lists_and_gets_without_reading_storage()
    {
        await CreateAsync(limitRanges, "demo", "limits");
        await CreateAsync(serviceAccounts, "demo", "default");
        await StartAsync();
        live.Calls = 0;

        var ranges = await cached.ListAsync("", "limitranges", "demo", default);
        var account = await cached.GetAsync("", "serviceaccounts", "demo", "default", default);
        var none = await cached.ListAsync("", "limitranges", "elsewhere", default);

        Assert.Equal(["limits"], ranges.Select(ObjectJson.Name));
        Assert.Equal("default", account is null ? null : ObjectJson.Name(account));
        Assert.Empty(none);
        Assert.Equal(0, live.Calls);
    }

    [Fact]
    public async Task Before_it_is_synced_reads_go_to_storage()
    {
        await CreateAsync(limitRanges, "demo", "limits");

        var ranges = await cached.ListAsync("", "limitranges", "demo", default);

        Assert.Equal(["limits"], ranges.Select(ObjectJson.Name));
        Assert.Equal(1, live.Calls);
    }

    [Fact]
    public async Task An_object_written_through_this_server_is_seen_by_the_next_read_however_soon()
    {
        await StartAsync();
        for (var i = 0; i < 50; i++)
        {
            await CreateAsync(limitRanges, "demo", $"limits-{i:D2}");

            var ranges = await cached.ListAsync("", "limitranges", "demo", default);

            Assert.Contains($"limits-{i:D2}", ranges.Select(ObjectJson.Name));
        }
    }

    [Fact]
    public async Task A_deleted_object_is_gone_from_the_next_read()
    {
        await CreateAsync(limitRanges, "demo", "limits");
        await StartAsync();

        await limitRanges.DeleteAsync("demo", "limits", new DeleteRequest(), WriteOptions.Internal, default);

        Assert.Empty(await cached.ListAsync("", "limitranges", "demo", default));
    }

    [Fact]
    public async Task A_caller_changing_what_it_read_does_not_change_the_cache()
    {
        await CreateAsync(limitRanges, "demo", "limits");
        await StartAsync();

        var first = await cached.ListAsync("", "limitranges", "demo", default);
        ObjectJson.Metadata(first[0])["name"] = "changed";
        var second = await cached.ListAsync("", "limitranges", "demo", default);

        Assert.Equal("limits", ObjectJson.Name(second[0]));
    }

    [Fact]
    public async Task A_list_of_all_namespaces_is_in_storage_key_order()
    {
        foreach (var (ns, name) in new[] { ("b", "x"), ("a-b", "y"), ("a", "z"), ("a", "c") })
        {
            await CreateAsync(limitRanges, ns, name);
        }
        var fromStorage = (await live.ListAsync("", "limitranges", "", default)).Select(Key).ToList();
        await StartAsync();

        var fromCache = (await cached.ListAsync("", "limitranges", "", default)).Select(Key).ToList();

        Assert.Equal(fromStorage, fromCache);
        static string Key(JsonObject o) => $"{ObjectJson.Namespace(o)}/{ObjectJson.Name(o)}";
    }

    [Fact]
    public async Task A_get_the_cache_misses_is_read_live()
    {
        await StartAsync();
        live.Calls = 0;

        var account = await cached.GetAsync("", "serviceaccounts", "demo", "missing", default);

        Assert.Null(account);
        Assert.Equal(1, live.Calls);
    }

    [Fact]
    public async Task A_resource_it_does_not_cache_is_read_live()
    {
        await StartAsync();
        live.Calls = 0;

        await cached.ListAsync("", "configmaps", "demo", default);

        Assert.Equal(1, live.Calls);
    }

    private static Task<JsonObject> CreateAsync(GenericStore into, string ns, string name) =>
        into.CreateAsync(ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = into.Definition.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        }, WriteOptions.Internal, default);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the caches did not sync within 10 s");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }
        await store.DisposeAsync();
        stop.Dispose();
    }

    /// <summary>Reads straight from the stores, counting them.</summary>
    private sealed class CountingObjects(Func<string, string, GenericStore?> storeFor) : IAdmissionObjects
    {
        public int Calls { get; set; }

        public async Task<JsonObject?> GetAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken)
        {
            Calls++;
            return storeFor(group, plural) is { } s ? await s.TryGetAsync(ns, name, cancellationToken) : null;
        }

        public async Task<IReadOnlyList<JsonObject>> ListAsync(string group, string plural, string ns, CancellationToken cancellationToken)
        {
            Calls++;
            return storeFor(group, plural) is { } s ? (await s.ListAsync(ns, new ListQuery(), cancellationToken)).Items : [];
        }

        public Task CreateAsync(string group, string plural, string ns, JsonObject obj, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
