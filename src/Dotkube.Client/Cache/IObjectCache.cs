namespace Dotkube.Client.Cache;

/// <summary>
/// The read side of an informer's local cache. Objects returned are shared with the cache and
/// with other readers: treat them as read-only (copy before changing, as with client-go's listers).
/// </summary>
public interface IObjectCache<T>
    where T : class
{
    int Count { get; }

    /// <summary>The object at "namespace/name" (or "name" for cluster-scoped objects).</summary>
    T? Get(string key);

    T? Get(string? ns, string name);

    IReadOnlyList<T> List();

    /// <summary>The objects of one namespace, through the namespace index.</summary>
    IReadOnlyList<T> List(string ns);

    IReadOnlyList<string> Keys();

    /// <summary>The objects whose index function for <paramref name="indexName"/> produced <paramref name="value"/>.</summary>
    IReadOnlyList<T> ByIndex(string indexName, string value);

    /// <summary>The keys of the objects indexed under <paramref name="value"/>.</summary>
    IReadOnlyList<string> IndexKeys(string indexName, string value);
}
