using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Storage;

namespace Dotkube.ApiServer.WatchCache;

/// <summary>
/// One object as the watch cache holds it: decoded once, with its resourceVersion set, and shared by every
/// read that needs it. Nobody may change it; a caller that wants to change it takes <see cref="Copy"/>.
/// </summary>
public sealed class CachedObject
{
    private CachedObject(string key, JsonObject obj, long modRevision)
    {
        Key = key;
        Object = obj;
        ModRevision = modRevision;
    }

    public string Key { get; }

    /// <summary>The shared, read-only object (storage version).</summary>
    public JsonObject Object { get; }

    public long ModRevision { get; }

    /// <summary>A copy the caller owns.</summary>
    public JsonObject Copy() => (JsonObject)Object.DeepClone();

    public static CachedObject From(KeyValue kv)
    {
        var obj = GenericStore.Decode(kv);
        Materialize(obj);
        return new CachedObject(kv.Key, obj, kv.ModRevision);
    }

    /// <summary>
    /// A parsed JsonObject builds its property table on first access, which is not safe from two threads at
    /// once; walking the whole tree once, before the object is shared, leaves nothing to build later.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Materialize(value);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Materialize(item);
                }
                break;
        }
    }
}
