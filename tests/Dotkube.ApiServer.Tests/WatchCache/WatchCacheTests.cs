using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.WatchCache;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.ApiServer.Tests.WatchCacheTests;

/// <summary>
/// The watch cache's semantics, as kube-apiserver 1.32's cacher with ConsistentListFromCache: which lists it
/// answers and which go to storage, how fresh its answers are, and writes that start from its objects.
/// </summary>
public sealed class WatchCacheTests : IAsyncLifetime
{
    private sealed class WidgetStrategy : ResourceStrategy;

    private static readonly ResourceDefinition Widgets = new()
    {
        Group = "example.com",
        Versions = ["v1"],
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        StoragePrefix = "/registry/example.com/widgets",
        Strategy = new WidgetStrategy(),
    };

    private static readonly ResourceDefinition Gadgets = new()
    {
        Group = "example.com",
        Versions = ["v1"],
        Kind = "Gadget",
        Plural = "gadgets",
        Singular = "gadget",
        Namespaced = true,
        StoragePrefix = "/registry/example.com/gadgets",
        Strategy = new WidgetStrategy(),
    };

    private readonly ProbeStore storage = new();
    private readonly CancellationTokenSource stop = new();
    private readonly WatchCaches caches;
    private readonly GenericStore widgets;
    private readonly GenericStore gadgets;

    public WatchCacheTests()
    {
        caches = new WatchCaches(storage, NullLoggerFactory.Instance, stop.Token);
        widgets = new GenericStore(Widgets, storage, AdmissionChain.Empty, TimeProvider.System, caches);
        gadgets = new GenericStore(Gadgets, storage, AdmissionChain.Empty, TimeProvider.System, caches);
    }

    public async Task InitializeAsync()
    {
        foreach (var (ns, name) in new[] { ("a", "w1"), ("a", "w2"), ("a-b", "w3"), ("b", "w4"), ("b", "w5") })
        {
            await widgets.CreateAsync(ns, Widget(name), WriteOptions.Internal, default);
        }
        await ReadyAsync(Widgets);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        storage.ReleaseWatch();
        await storage.DisposeAsync();
    }

    private async Task ReadyAsync(ResourceDefinition def)
    {
        var cache = caches.For(def);
        for (var i = 0; i < 500 && (cache.Current is null || cache.Current.Revision < storage.CurrentRevision); i++)
        {
            await Task.Delay(10);
        }
        Assert.NotNull(cache.Current);
    }

    private static JsonObject Widget(string name, int size = 1) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    private static List<string> Names(ListPage page) => [.. page.Items.Select(ObjectJson.Name)];

    public static TheoryData<string, ListQuery, bool> Queries => new()
    {
        { "resourceVersion unset (a consistent list) is served from the cache", new ListQuery(), true },
        { "resourceVersion unset with a limit goes to storage", new ListQuery(Limit: 2), false },
        { "resourceVersion 0 is served from the cache", new ListQuery(AnyRevision: true), true },
        { "resourceVersion 0 with a limit is served from the cache, ignoring the limit", new ListQuery(Limit: 2, AnyRevision: true), true },
        { "resourceVersion N (NotOlderThan) is served from the cache", new ListQuery(MinRevision: 1), true },
        { "resourceVersion N with a limit goes to storage", new ListQuery(Limit: 2, MinRevision: 1), false },
        { "resourceVersionMatch=Exact goes to storage", new ListQuery(Revision: 3), false },
        { "a continue token goes to storage", new ListQuery(Limit: 2, Continue: ContinueToken.Encode(5, "a/w1")), false },
        { "a label selector is served from the cache", new ListQuery(Filter: o => ObjectJson.Name(o) != "w2"), true },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Lists_go_to_the_cache_or_to_storage_as_upstreams_do(string name, ListQuery query, bool fromCache)
    {
        _ = name;
        var before = storage.Lists;
        var page = await widgets.ListSharedAsync("", query, default);
        Assert.Equal(fromCache, page.Shared);
        Assert.Equal(fromCache ? before : before + 1, storage.Lists);
        Assert.Equal(fromCache, !GenericStore.DelegatesToStorage(query));
        var fromStorage = await new GenericStore(Widgets, storage, AdmissionChain.Empty, TimeProvider.System).ListAsync("", query, default);
        // The cache answers as storage would, except that it never pages (resourceVersion 0 ignores the limit).
        if (fromCache && query.Limit == 0)
        {
            Assert.Equal(Names(fromStorage), Names(page));
            Assert.Equal(fromStorage.ResourceVersion, page.ResourceVersion);
        }
    }

    [Fact]
    public async Task A_list_from_the_cache_is_in_storage_key_order_across_namespaces()
    {
        var page = await widgets.ListSharedAsync("", new ListQuery(), default);
        // "a-b/" sorts before "a/" as storage keys do ('-' < '/').
        Assert.Equal(["w3", "w1", "w2", "w4", "w5"], Names(page));
        Assert.Equal(["w1", "w2"], Names(await widgets.ListSharedAsync("a", new ListQuery(), default)));
        Assert.Empty((await widgets.ListSharedAsync("none", new ListQuery(), default)).Items);
    }

    [Fact]
    public async Task Resource_version_0_ignores_the_limit_and_returns_no_continue_token()
    {
        var page = await widgets.ListSharedAsync("", new ListQuery(Limit: 2, AnyRevision: true), default);
        Assert.Equal(5, page.Items.Count);
        Assert.Null(page.Continue);
        Assert.Null(page.RemainingItemCount);
    }

    [Fact]
    public async Task A_consistent_list_carries_the_stores_current_revision_even_when_the_last_write_was_elsewhere()
    {
        await gadgets.CreateAsync("a", Widget("g1"), WriteOptions.Internal, default);
        var page = await widgets.ListSharedAsync("", new ListQuery(), default);
        Assert.True(page.Shared);
        Assert.Equal(storage.CurrentRevision, page.ResourceVersion);
    }

    [Fact]
    public async Task A_consistent_list_waits_for_a_cache_behind_the_store_and_sees_the_newest_write()
    {
        storage.HoldWatch();
        await widgets.CreateAsync("c", Widget("late"), WriteOptions.Internal, default);
        var lists = storage.Lists;
        var listing = widgets.ListSharedAsync("c", new ListQuery(), default);
        await Task.Delay(200);
        Assert.False(listing.IsCompleted);
        storage.ReleaseWatch();
        var page = await listing;
        Assert.True(page.Shared);
        Assert.Equal(["late"], Names(page));
        Assert.Equal(lists, storage.Lists);
    }

    [Fact]
    public async Task A_consistent_list_sees_a_delete_the_cache_has_not_applied()
    {
        storage.HoldWatch();
        await widgets.DeleteAsync("b", "w5", new DeleteRequest(), WriteOptions.Internal, default);
        var listing = widgets.ListSharedAsync("b", new ListQuery(), default);
        await Task.Delay(100);
        storage.ReleaseWatch();
        Assert.Equal(["w4"], Names(await listing));
    }

    [Fact]
    public async Task Resource_version_0_answers_from_the_cache_as_it_is_even_when_behind()
    {
        storage.HoldWatch();
        await widgets.CreateAsync("c", Widget("late"), WriteOptions.Internal, default);
        var page = await widgets.ListSharedAsync("c", new ListQuery(AnyRevision: true), default);
        Assert.True(page.Shared);
        Assert.Empty(page.Items);
        storage.ReleaseWatch();
    }

    [Fact]
    public async Task A_consistent_list_falls_back_to_storage_when_the_cache_stays_behind()
    {
        storage.HoldWatch();
        await widgets.CreateAsync("c", Widget("late"), WriteOptions.Internal, default);
        var started = DateTime.UtcNow;
        var page = await widgets.ListSharedAsync("c", new ListQuery(), default);
        Assert.False(page.Shared);
        Assert.Equal(["late"], Names(page));
        Assert.InRange(DateTime.UtcNow - started, ResourceWatchCache.FreshnessTimeout - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        storage.ReleaseWatch();
    }

    [Fact]
    public async Task ListAsync_hands_out_copies_the_caller_may_change()
    {
        var page = await widgets.ListAsync("a", new ListQuery(), default);
        Assert.False(page.Shared);
        ObjectJson.Metadata(page.Items[0])["name"] = "changed";
        Assert.Equal(["w1", "w2"], Names(await widgets.ListSharedAsync("a", new ListQuery(), default)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("0", true)]
    [InlineData("1", true)]
    public async Task A_get_reads_storage_unless_it_names_a_resource_version(string resourceVersion, bool fromCache)
    {
        var gets = storage.Gets;
        var obj = await widgets.GetAsync("a", "w1", resourceVersion, default);
        Assert.Equal("w1", ObjectJson.Name(obj));
        Assert.Equal(fromCache ? gets : gets + 1, storage.Gets);
        var missing = await Assert.ThrowsAsync<StatusException>(() => widgets.GetAsync("a", "nope", resourceVersion, default));
        Assert.Equal(404, missing.Code);
    }

    [Fact]
    public async Task An_update_starts_from_the_cached_object_and_reads_no_storage()
    {
        var gets = storage.Gets;
        var updated = await widgets.UpdateAsync("a", "w1", o => { o["spec"]!["size"] = 7; return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Equal(7, updated["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(gets, storage.Gets);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_update_from_a_stale_cached_object_retries_from_storage(bool withPrecondition)
    {
        storage.HoldWatch();
        var first = await widgets.UpdateAsync("a", "w2", o => { o["spec"]!["size"] = 2; return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        var rv = ObjectJson.ResourceVersion(first);
        // The cache still holds size 1 at the old revision; the update must apply to the stored object.
        var second = await widgets.UpdateAsync("a", "w2", o =>
        {
            if (withPrecondition)
            {
                ObjectJson.Metadata(o)["resourceVersion"] = rv;
            }
            o["spec"]!["size"] = (int)o["spec"]!["size"]! + 1;
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Equal(3, second["spec"]!["size"]!.GetValue<int>());
        storage.ReleaseWatch();
    }

    [Fact]
    public async Task A_no_op_update_against_a_stale_cached_object_is_checked_against_storage()
    {
        storage.HoldWatch();
        await widgets.UpdateAsync("a", "w2", o => { o["spec"]!["size"] = 2; return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        // Setting size 1 looks like a no-op against the cached object (size 1) but is not against storage (size 2).
        var result = await widgets.UpdateAsync("a", "w2", o => { o["spec"]!["size"] = 1; return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Equal(1, result["spec"]!["size"]!.GetValue<int>());
        storage.ReleaseWatch();
        Assert.Equal(1, (await widgets.GetAsync("a", "w2", default))["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_delete_from_a_stale_cached_object_honours_a_precondition_against_storage()
    {
        storage.HoldWatch();
        var updated = await widgets.UpdateAsync("b", "w4", o => { o["spec"]!["size"] = 4; return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        var result = await widgets.DeleteAsync("b", "w4", new DeleteRequest(PreconditionResourceVersion: ObjectJson.ResourceVersion(updated)), WriteOptions.Internal, default);
        Assert.True(result.DeletedImmediately);
        storage.ReleaseWatch();
    }

    [Fact]
    public async Task The_cache_re_lists_after_its_watch_fails_and_serves_again()
    {
        var cache = caches.For(Widgets);
        var lists = cache.Lists;
        storage.FailNextWatchEvent();
        await widgets.CreateAsync("c", Widget("after"), WriteOptions.Internal, default);
        for (var i = 0; i < 300 && cache.Lists == lists; i++)
        {
            await Task.Delay(10);
        }
        Assert.Equal(lists + 1, cache.Lists);
        await ReadyAsync(Widgets);
        var page = await widgets.ListSharedAsync("c", new ListQuery(), default);
        Assert.True(page.Shared);
        Assert.Equal(["after"], Names(page));
    }

    [Fact]
    public async Task Shared_objects_are_safe_to_read_from_many_threads_at_once()
    {
        var page = await widgets.ListSharedAsync("", new ListQuery(), default);
        await Parallel.ForEachAsync(Enumerable.Range(0, 64), async (_, ct) =>
        {
            await Task.Yield();
            foreach (var obj in page.Items)
            {
                Assert.NotEmpty(ObjectJson.ToJsonString(obj));
            }
        });
    }
}
