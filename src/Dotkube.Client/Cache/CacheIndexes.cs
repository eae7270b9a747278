using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Client.Cache;

/// <summary>Names and functions of the indexes most controllers need.</summary>
public static class CacheIndexes
{
    /// <summary>metadata.namespace; every cache has it.</summary>
    public const string Namespace = "namespace";

    /// <summary>The UIDs in metadata.ownerReferences.</summary>
    public const string OwnerUid = "ownerUid";

    /// <summary>spec.nodeName of pods (pods not yet bound are indexed under "").</summary>
    public const string NodeName = "spec.nodeName";

    public static Func<T, IEnumerable<string>> NamespaceFunc<T>()
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        return o => [codec.Namespace(o) ?? ""];
    }

    public static Func<T, IEnumerable<string>> OwnerUidFunc<T>()
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        return codec.OwnerUids;
    }

    /// <summary>spec.nodeName of a V1Pod or an untyped pod.</summary>
    public static Func<T, IEnumerable<string>> NodeNameFunc<T>()
        where T : class
    {
        if (typeof(T) == typeof(V1Pod))
        {
            return o => [((V1Pod)(object)o).Spec?.NodeName ?? ""];
        }
        if (typeof(T) == typeof(JsonObject))
        {
            return o => [(string?)((JsonObject)(object)o)["spec"]?["nodeName"] ?? ""];
        }
        throw new NotSupportedException($"no spec.nodeName index for {typeof(T).Name}; add a custom index function");
    }
}
