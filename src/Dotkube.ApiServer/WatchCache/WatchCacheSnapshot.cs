using System.Collections.Immutable;

namespace Dotkube.ApiServer.WatchCache;

/// <summary>
/// An immutable view of one resource's cache at <see cref="Revision"/>: readers take one and list from it
/// while the cache moves on. Objects are grouped by namespace ("ns/" buckets, in ordinal order, which is the
/// order of their storage keys), so a namespace's list touches only its own objects.
/// </summary>
public sealed record WatchCacheSnapshot(
    ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, CachedObject>> Buckets,
    int Count,
    long Revision)
{
    public static WatchCacheSnapshot Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, CachedObject>>(StringComparer.Ordinal), 0, 0);

    private static readonly ImmutableSortedDictionary<string, CachedObject> EmptyBucket =
        ImmutableSortedDictionary.Create<string, CachedObject>(StringComparer.Ordinal);

    /// <summary>The objects of one namespace ("" = all), in storage key order.</summary>
    public IEnumerable<CachedObject> Items(string ns)
    {
        if (ns.Length > 0)
        {
            return Buckets.TryGetValue(ns + "/", out var bucket) ? bucket.Values : [];
        }
        return Buckets.Values.SelectMany(b => b.Values);
    }

    public CachedObject? Get(string bucket, string key) =>
        Buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(key, out var found) ? found : null;

    public WatchCacheSnapshot Put(string bucket, CachedObject obj, long revision)
    {
        var objects = Buckets.GetValueOrDefault(bucket) ?? EmptyBucket;
        var had = objects.ContainsKey(obj.Key);
        return new WatchCacheSnapshot(Buckets.SetItem(bucket, objects.SetItem(obj.Key, obj)), had ? Count : Count + 1, revision);
    }

    public WatchCacheSnapshot Remove(string bucket, string key, long revision)
    {
        if (!Buckets.TryGetValue(bucket, out var objects) || !objects.ContainsKey(key))
        {
            return this with { Revision = revision };
        }
        var left = objects.Remove(key);
        return new WatchCacheSnapshot(left.IsEmpty ? Buckets.Remove(bucket) : Buckets.SetItem(bucket, left), Count - 1, revision);
    }

    /// <summary>A snapshot of a whole list at once (the cache's initial fill).</summary>
    public static WatchCacheSnapshot Build(IEnumerable<(string Bucket, CachedObject Object)> items, long revision)
    {
        var buckets = new Dictionary<string, ImmutableSortedDictionary<string, CachedObject>.Builder>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (bucket, obj) in items)
        {
            if (!buckets.TryGetValue(bucket, out var builder))
            {
                builder = ImmutableSortedDictionary.CreateBuilder<string, CachedObject>(StringComparer.Ordinal);
                buckets[bucket] = builder;
            }
            builder[obj.Key] = obj;
            count++;
        }
        var all = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, CachedObject>>(StringComparer.Ordinal);
        foreach (var (bucket, builder) in buckets)
        {
            all[bucket] = builder.ToImmutable();
        }
        return new WatchCacheSnapshot(all.ToImmutable(), count, revision);
    }
}
