using Dotkube.Client.Serialization;

namespace Dotkube.Client.Cache;

/// <summary>
/// A thread-safe store of objects keyed "namespace/name", with named indexes kept up to date on
/// every change (client-go's ThreadSafeStore + Indexer). Writers are the informer; readers anyone.
/// </summary>
public sealed class ObjectCache<T> : IObjectCache<T>
    where T : class
{
    private readonly Lock gate = new();
    private readonly ObjectCodec<T> codec = ObjectCodec<T>.Default;
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> indices = new(StringComparer.Ordinal);

    public ObjectCache()
    {
        AddIndex(CacheIndexes.Namespace, CacheIndexes.NamespaceFunc<T>());
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    public ObjectCodec<T> Codec => codec;

    /// <summary>Adds an index (indexing what is already cached); a name already present is replaced.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        lock (gate)
        {
            indexers[name] = indexFunc;
            var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            indices[name] = index;
            foreach (var (key, obj) in items)
            {
                foreach (var value in indexFunc(obj))
                {
                    Bucket(index, value).Add(key);
                }
            }
        }
    }

    public bool HasIndex(string name)
    {
        lock (gate)
        {
            return indexers.ContainsKey(name);
        }
    }

    public string KeyOf(T obj) => codec.Key(obj);

    public T? Get(string key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? ns, string name) => Get(ObjectKey.KeyOf(ns, name));

    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    public IReadOnlyList<T> List(string ns) => ByIndex(CacheIndexes.Namespace, ns);

    public IReadOnlyList<string> Keys()
    {
        lock (gate)
        {
            return [.. items.Keys];
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (gate)
        {
            var index = IndexOrThrow(indexName);
            if (!index.TryGetValue(value, out var keys))
            {
                return [];
            }
            var result = new List<T>(keys.Count);
            foreach (var key in keys)
            {
                result.Add(items[key]);
            }
            return result;
        }
    }

    public IReadOnlyList<string> IndexKeys(string indexName, string value)
    {
        lock (gate)
        {
            return IndexOrThrow(indexName).TryGetValue(value, out var keys) ? [.. keys] : [];
        }
    }

    /// <summary>Stores the object under its key and returns the one it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        var key = codec.Key(obj);
        lock (gate)
        {
            items.TryGetValue(key, out var old);
            if (old is not null)
            {
                Unindex(key, old);
            }
            items[key] = obj;
            Index(key, obj);
            return old;
        }
    }

    /// <summary>Removes the object at <paramref name="key"/> and returns it, if it was there.</summary>
    public T? Remove(string key)
    {
        lock (gate)
        {
            if (!items.Remove(key, out var old))
            {
                return null;
            }
            Unindex(key, old);
            return old;
        }
    }

    /// <summary>
    /// Makes the cache hold exactly <paramref name="fresh"/> (a relist) and returns what changed:
    /// objects added, objects whose resourceVersion changed (old, new), and objects gone.
    /// </summary>
    public CacheDiff<T> Replace(IEnumerable<T> fresh)
    {
        var added = new List<T>();
        var updated = new List<(T Old, T New)>();
        var deleted = new List<T>();
        lock (gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in fresh)
            {
                var key = codec.Key(obj);
                seen.Add(key);
                if (items.TryGetValue(key, out var old))
                {
                    Unindex(key, old);
                    if (codec.ResourceVersion(old) != codec.ResourceVersion(obj) || codec.Uid(old) != codec.Uid(obj))
                    {
                        updated.Add((old, obj));
                    }
                }
                else
                {
                    added.Add(obj);
                }
                items[key] = obj;
                Index(key, obj);
            }
            foreach (var (key, obj) in items)
            {
                if (!seen.Contains(key))
                {
                    deleted.Add(obj);
                }
            }
            foreach (var obj in deleted)
            {
                var key = codec.Key(obj);
                items.Remove(key);
                Unindex(key, obj);
            }
        }
        return new CacheDiff<T>(added, updated, deleted);
    }

    private Dictionary<string, HashSet<string>> IndexOrThrow(string indexName) =>
        indices.TryGetValue(indexName, out var index) ? index : throw new KeyNotFoundException($"no index named '{indexName}'");

    private void Index(string key, T obj)
    {
        foreach (var (name, func) in indexers)
        {
            var index = indices[name];
            foreach (var value in func(obj))
            {
                Bucket(index, value).Add(key);
            }
        }
    }

    private void Unindex(string key, T obj)
    {
        foreach (var (name, func) in indexers)
        {
            var index = indices[name];
            foreach (var value in func(obj))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    private static HashSet<string> Bucket(Dictionary<string, HashSet<string>> index, string value)
    {
        if (!index.TryGetValue(value, out var keys))
        {
            keys = new HashSet<string>(StringComparer.Ordinal);
            index[value] = keys;
        }
        return keys;
    }
}
