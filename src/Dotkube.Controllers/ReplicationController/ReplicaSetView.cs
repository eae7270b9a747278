using System.Runtime.CompilerServices;
using Dotkube.Client.Cache;
using k8s.Models;

namespace Dotkube.Controllers.ReplicationController;

/// <summary>
/// The ReplicationController informer cache seen as a cache of ReplicaSets (upstream's
/// informerAdapter/listerAdapter). Each cached object is converted once: the informer replaces
/// the instance on every change, so the conversion is keyed by instance.
/// </summary>
public sealed class ReplicaSetView(IObjectCache<V1ReplicationController> inner) : IObjectCache<V1ReplicaSet>
{
    private readonly ConditionalWeakTable<V1ReplicationController, V1ReplicaSet> converted = new();

    public int Count => inner.Count;

    public V1ReplicaSet? Get(string key) => Convert(inner.Get(key));

    public V1ReplicaSet? Get(string? ns, string name) => Convert(inner.Get(ns, name));

    public IReadOnlyList<V1ReplicaSet> List() => inner.List().Select(Convert).ToList()!;

    public IReadOnlyList<V1ReplicaSet> List(string ns) => inner.List(ns).Select(Convert).ToList()!;

    public IReadOnlyList<string> Keys() => inner.Keys();

    public IReadOnlyList<V1ReplicaSet> ByIndex(string indexName, string value) => inner.ByIndex(indexName, value).Select(Convert).ToList()!;

    public IReadOnlyList<string> IndexKeys(string indexName, string value) => inner.IndexKeys(indexName, value);

    private V1ReplicaSet? Convert(V1ReplicationController? rc) =>
        rc is null ? null : converted.GetValue(rc, ReplicationControllerConversion.ToReplicaSet);
}
