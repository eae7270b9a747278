using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Storage;

namespace Dotkube.ApiServer.WatchCache;

/// <summary>
/// One object as the watch cache holds it: the stored bytes (shared with the store's event ring), and the
/// decoded object, with its resourceVersion set, shared by every read that needs it while any still uses it.
/// Nobody may change <see cref="Object"/>; a caller that wants to change it takes <see cref="Copy"/>.
/// </summary>
/// <remarks>
/// The decoded form is held weakly: a decoded pod takes several times its JSON's size, so a cache of every
/// object decoded for good would more than double a server's memory; under list load the decoded objects
/// stay alive between lists, and an idle server gives them back.
/// </remarks>
public sealed class CachedObject
{
    private readonly KeyValue kv;
    private WeakReference<JsonObject>? decoded;

    private CachedObject(KeyValue kv) => this.kv = kv;

    public string Key => kv.Key;

    public long ModRevision => kv.ModRevision;

    /// <summary>The shared, read-only object (storage version), decoded now if no reader holds it.</summary>
    public JsonObject Object
    {
        get
        {
            if (Volatile.Read(ref decoded) is { } weak && weak.TryGetTarget(out var shared))
            {
                return shared;
            }
            var obj = GenericStore.Decode(kv);
            Materialize(obj);
            // Two readers may decode at once; each gets a whole object, and the last one is kept.
            Volatile.Write(ref decoded, new WeakReference<JsonObject>(obj));
            return obj;
        }
    }

    /// <summary>A copy the caller owns.</summary>
    public JsonObject Copy() =>
        Volatile.Read(ref decoded) is { } weak && weak.TryGetTarget(out var shared) ? (JsonObject)shared.DeepClone() : GenericStore.Decode(kv);

    /// <summary>Decoding waits for the first read (a value that does not decode fails that read, as from storage).</summary>
    public static CachedObject From(KeyValue kv) => new(kv);

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
