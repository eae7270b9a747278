namespace Dotkube.Client;

/// <summary>
/// What a reconciler is asked about: only a namespace and a name (empty namespace for
/// cluster-scoped objects). Its string form is the cache key, "namespace/name" or "name".
/// </summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public static ObjectKey Cluster(string name) => new("", name);

    /// <summary>Parses "namespace/name" or "name".</summary>
    public static ObjectKey Parse(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? new ObjectKey("", key) : new ObjectKey(key[..slash], key[(slash + 1)..]);
    }

    public override string ToString() => KeyOf(Namespace, Name);

    /// <summary>The cache key of an object: "namespace/name", or "name" when the namespace is empty.</summary>
    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
}
