using Dotkube.Client.Cache;
using k8s.Models;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>
/// What <see cref="ReplicaSetReconciler"/> needs to know about the kind it manages: ReplicaSets
/// themselves, or ReplicationControllers seen as ReplicaSets (upstream runs its replication
/// manager as the ReplicaSet controller behind conversion adapters in the same way).
/// </summary>
public interface IReplicaSetAdapter
{
    /// <summary>The apiVersion written into the pods' controller references.</summary>
    string ApiVersion { get; }

    /// <summary>The kind written into the pods' controller references.</summary>
    string Kind { get; }

    /// <summary>The informer cache, every object seen as a ReplicaSet.</summary>
    IObjectCache<V1ReplicaSet> Cache { get; }

    /// <summary>The object as the server has it now; null when it is gone.</summary>
    Task<V1ReplicaSet?> GetLiveAsync(string? ns, string name, CancellationToken ct);

    /// <summary>Writes <paramref name="rs"/>'s status through the status subresource (a 404 propagates).</summary>
    Task UpdateStatusAsync(V1ReplicaSet rs, CancellationToken ct);

    /// <summary>The reference Events are recorded on.</summary>
    V1ObjectReference Reference(V1ReplicaSet rs);
}
