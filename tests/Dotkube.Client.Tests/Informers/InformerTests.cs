using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.Client.Cache;
using Dotkube.Client.Informers;
using Dotkube.Client.Tests.Support;
using k8s.Models;

namespace Dotkube.Client.Tests.Informers;

public sealed class InformerTests
{
    private const string Ns = "inf";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly InformerOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private static V1ConfigMap ConfigMap(string name, string value = "1", string? label = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Labels = label is null ? null : new Dictionary<string, string> { ["tier"] = label } },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    /// <summary>Records handler calls as "add name", "update name old->new", "delete name" (with "tombstone" when final state unknown).</summary>
    private sealed class Log : IResourceEventHandler<V1ConfigMap>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void OnAdd(V1ConfigMap obj, bool isInInitialList) => Lines.Enqueue($"add {obj.Metadata.Name}{(isInInitialList ? " initial" : "")}");

        public void OnUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) => Lines.Enqueue($"update {newObj.Metadata.Name} {oldObj.Data?["k"]}->{newObj.Data?["k"]}");

        public void OnDelete(V1ConfigMap obj, bool finalStateUnknown) => Lines.Enqueue($"delete {obj.Metadata.Name}{(finalStateUnknown ? " tombstone" : "")}");

        public async Task WaitForAsync(params string[] expected)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (!expected.All(Lines.Contains))
            {
                Assert.True(DateTime.UtcNow < deadline, $"waited for [{string.Join(", ", expected)}], saw [{string.Join(", ", Lines)}]");
                await Task.Delay(10);
            }
        }
    }

    [Fact]
    public async Task The_first_list_fills_the_cache_and_later_changes_reach_handlers_in_order()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("before"));
        await using var informer = new Informer<V1ConfigMap>(server.Client, ResourceType.ConfigMaps, Fast with { Namespace = Ns });
        var log = new Log();
        informer.AddHandler(log);
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        Assert.True(informer.HasSynced);
        Assert.NotNull(informer.Cache.Get(Ns, "before"));
        Assert.NotNull(informer.LastSyncResourceVersion);

        var a = await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("a"));
        a.Data["k"] = "2";
        await server.Client.UpdateAsync(ResourceType.ConfigMaps, a);
        await server.Client.DeleteAsync(ResourceType.ConfigMaps, Ns, "a");
        await log.WaitForAsync("delete a");
        Assert.Equal(["add before initial", "add a", "update a 1->2", "delete a"], log.Lines);
        Assert.Null(informer.Cache.Get(Ns, "a"));
    }

    [Fact]
    public async Task A_handler_added_after_sync_first_gets_the_cached_objects()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("x"));
        await using var informer = new Informer<V1ConfigMap>(server.Client, ResourceType.ConfigMaps, Fast with { Namespace = Ns });
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        var log = new Log();
        using var registration = informer.AddHandler(log);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("y"));
        await log.WaitForAsync("add y");
        Assert.Equal(["add x initial", "add y"], log.Lines);
    }

    [Fact]
    public async Task A_dropped_connection_is_reported_and_the_watch_resumes_without_losing_events()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await using var informer = new Informer<V1ConfigMap>(server.Client, ResourceType.ConfigMaps, Fast with { Namespace = Ns });
        var failures = new ConcurrentQueue<InformerFailure>();
        informer.Failed += failures.Enqueue;
        var log = new Log();
        informer.AddHandler(log);
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);

        server.Connection.Drop();
        await server.Admin.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("while-down"));
        await WaitUntil(() => !failures.IsEmpty);
        server.Connection.Restore();
        await server.Admin.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("after"));
        await log.WaitForAsync("add while-down", "add after");

        Assert.Equal(["add while-down", "add after"], log.Lines);
        Assert.Equal("watch", failures.First().Operation);
        Assert.Equal(1, informer.ListCount);
        Assert.Equal(0, informer.ConsecutiveFailures);
    }

    [Fact]
    public async Task After_a_compaction_the_informer_relists_and_turns_the_difference_into_events_with_tombstones()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("stays"));
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("changes"));
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("goes"));
        await using var informer = new Informer<V1ConfigMap>(server.Client, ResourceType.ConfigMaps, Fast with { Namespace = Ns });
        var log = new Log();
        informer.AddHandler(log);
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);

        server.Connection.Drop();
        await server.Admin.DeleteAsync(ResourceType.ConfigMaps, Ns, "goes");
        await server.Admin.PatchAsync<V1ConfigMap>(ResourceType.ConfigMaps, Ns, "changes", PatchType.Merge, """{"data":{"k":"2"}}""");
        await server.Admin.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("new"));
        await server.Store.CompactAsync(server.Store.CurrentRevision);
        server.Connection.Restore();

        await log.WaitForAsync("delete goes tombstone", "update changes 1->2", "add new");
        Assert.Equal(2, informer.ListCount);
        Assert.Equal(["changes", "new", "stays"], informer.Cache.List().Select(c => c.Metadata.Name).Order());
        // Bookmarks and the relist keep the resume point current.
        Assert.Equal(server.Store.CurrentRevision, long.Parse(informer.LastSyncResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Resync_replays_every_cached_object_as_an_update_to_itself()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await server.Client.CreateAsync(ResourceType.ConfigMaps, Ns, ConfigMap("r"));
        await using var informer = new Informer<V1ConfigMap>(server.Client, ResourceType.ConfigMaps, Fast with { Namespace = Ns, ResyncPeriod = TimeSpan.FromMilliseconds(100) });
        var log = new Log();
        informer.AddHandler(log);
        informer.Start();
        await log.WaitForAsync("update r 1->1");
    }

    [Fact]
    public async Task An_untyped_pod_informer_indexes_by_node_and_honours_the_label_selector()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        foreach (var (name, tier) in new[] { ("web-1", "web"), ("web-2", "web"), ("db-1", "db") })
        {
            await server.Client.CreateAsync(ResourceType.Pods, Ns, new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } },
                Spec = new V1PodSpec { NodeName = "node-" + name[^1], Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            });
        }
        await using var informer = new Informer<JsonObject>(server.Client, ResourceType.Pods, Fast with { LabelSelector = "tier=web" });
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        Assert.Equal(2, informer.Cache.Count);
        Assert.Equal([$"{Ns}/web-1"], informer.Cache.IndexKeys(CacheIndexes.NodeName, "node-1"));
    }

    [Fact]
    public async Task A_factory_shares_one_informer_per_resource_and_selector()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        await using var factory = new SharedInformerFactory(server.Client, Fast);
        var a = factory.Get<V1ConfigMap>();
        var b = factory.Get<V1ConfigMap>(ResourceType.ConfigMaps);
        var c = factory.Get<V1ConfigMap>(labelSelector: "tier=x");
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        factory.Start();
        var late = factory.Get<V1Pod>();
        Assert.True(late.IsStarted);
        await factory.WaitForCacheSyncAsync().WaitAsync(Wait);
        Assert.True(a.HasSynced && c.HasSynced && late.HasSynced);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
