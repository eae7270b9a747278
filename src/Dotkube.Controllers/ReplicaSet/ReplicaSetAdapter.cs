using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using k8s.Models;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>apps/v1 ReplicaSets as they are: no conversion.</summary>
public sealed class ReplicaSetAdapter(KubeApiClient client, IObjectCache<V1ReplicaSet> cache) : IReplicaSetAdapter
{
    public string ApiVersion => "apps/v1";

    public string Kind => "ReplicaSet";

    public IObjectCache<V1ReplicaSet> Cache => cache;

    public Task<V1ReplicaSet?> GetLiveAsync(string? ns, string name, CancellationToken ct) =>
        client.TryGetAsync<V1ReplicaSet>(ResourceType.ReplicaSets, ns, name, ct);

    public Task UpdateStatusAsync(V1ReplicaSet rs, CancellationToken ct) =>
        client.Resource<V1ReplicaSet>(ResourceType.ReplicaSets).UpdateStatusAsync(rs, cancellationToken: ct);

    public V1ObjectReference Reference(V1ReplicaSet rs) => EventRecorder.Reference(rs, ResourceType.ReplicaSets);
}
