using Dotkube.Client.Cache;
using k8s.Models;

namespace Dotkube.Client.Tests.Cache;

public sealed class ObjectCacheTests
{
    private static V1Pod Pod(string ns, string name, string rv = "1", string? node = null, string? owner = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = ns,
            Name = name,
            ResourceVersion = rv,
            Uid = $"uid-{ns}-{name}",
            OwnerReferences = owner is null ? null : [new V1OwnerReference { Uid = owner, Kind = "ReplicaSet", Name = owner, ApiVersion = "apps/v1" }],
        },
        Spec = new V1PodSpec { NodeName = node },
    };

    private static ObjectCache<V1Pod> NewCache()
    {
        var cache = new ObjectCache<V1Pod>();
        cache.AddIndex(CacheIndexes.NodeName, CacheIndexes.NodeNameFunc<V1Pod>());
        cache.AddIndex(CacheIndexes.OwnerUid, CacheIndexes.OwnerUidFunc<V1Pod>());
        return cache;
    }

    [Fact]
    public void Objects_are_keyed_namespace_slash_name_and_found_through_each_index()
    {
        var cache = NewCache();
        cache.Upsert(Pod("a", "p1", node: "n1", owner: "rs1"));
        cache.Upsert(Pod("a", "p2", node: "n2", owner: "rs1"));
        cache.Upsert(Pod("b", "p1", node: "n1"));
        Assert.NotNull(cache.Get("a/p1"));
        Assert.NotNull(cache.Get("b", "p1"));
        Assert.Equal(["a/p1", "a/p2"], cache.IndexKeys(CacheIndexes.Namespace, "a").Order());
        Assert.Equal(["a/p1", "b/p1"], cache.IndexKeys(CacheIndexes.NodeName, "n1").Order());
        Assert.Equal(["a/p1", "a/p2"], cache.ByIndex(CacheIndexes.OwnerUid, "rs1").Select(p => cache.KeyOf(p)).Order());
        Assert.Equal(2, cache.List("a").Count);
        Assert.Empty(cache.ByIndex(CacheIndexes.NodeName, "n9"));
    }

    [Fact]
    public void An_update_moves_the_object_between_index_values_and_a_remove_drops_it_from_all()
    {
        var cache = NewCache();
        cache.Upsert(Pod("a", "p1", rv: "1"));
        var old = cache.Upsert(Pod("a", "p1", rv: "2", node: "n1"));
        Assert.Equal("1", old!.Metadata.ResourceVersion);
        Assert.Equal(["a/p1"], cache.IndexKeys(CacheIndexes.NodeName, "n1"));
        Assert.Empty(cache.IndexKeys(CacheIndexes.NodeName, ""));
        Assert.NotNull(cache.Remove("a/p1"));
        Assert.Null(cache.Remove("a/p1"));
        Assert.Empty(cache.IndexKeys(CacheIndexes.NodeName, "n1"));
        Assert.Empty(cache.IndexKeys(CacheIndexes.Namespace, "a"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_custom_index_added_later_covers_what_is_already_cached()
    {
        var cache = NewCache();
        cache.Upsert(Pod("a", "p1"));
        cache.AddIndex("by-name-length", p => [p.Metadata.Name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(["a/p1"], cache.IndexKeys("by-name-length", "2"));
        Assert.Throws<KeyNotFoundException>(() => cache.ByIndex("missing", "x"));
    }

    [Fact]
    public void Replace_reports_objects_added_changed_and_gone_and_leaves_unchanged_ones_out()
    {
        var cache = NewCache();
        cache.Upsert(Pod("a", "same", rv: "1"));
        cache.Upsert(Pod("a", "changed", rv: "1"));
        cache.Upsert(Pod("a", "gone", rv: "1", node: "n1"));
        var diff = cache.Replace([Pod("a", "same", rv: "1"), Pod("a", "changed", rv: "5"), Pod("a", "new", rv: "6")]);
        Assert.Equal(["new"], diff.Added.Select(p => p.Metadata.Name));
        Assert.Equal([("1", "5")], diff.Updated.Select(u => (u.Old.Metadata.ResourceVersion, u.New.Metadata.ResourceVersion)));
        Assert.Equal(["gone"], diff.Deleted.Select(p => p.Metadata.Name));
        Assert.Equal(["a/changed", "a/new", "a/same"], cache.Keys().Order());
        Assert.Empty(cache.IndexKeys(CacheIndexes.NodeName, "n1"));
    }

    [Fact]
    public void Thirty_thousand_pods_fit_and_are_found_by_node()
    {
        var cache = NewCache();
        for (var i = 0; i < 30_000; i++)
        {
            cache.Upsert(Pod("ns" + (i % 50), "p" + i, node: "node-" + (i % 1000)));
        }
        Assert.Equal(30_000, cache.Count);
        Assert.Equal(30, cache.ByIndex(CacheIndexes.NodeName, "node-7").Count);
        Assert.Equal(600, cache.List("ns3").Count);
    }
}
