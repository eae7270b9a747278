using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Controllers.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.ReplicationController;

/// <summary>
/// Lets <see cref="ReplicaSetReconciler"/> manage core/v1 ReplicationControllers: reads convert
/// them to ReplicaSets, status writes convert back, pods get ReplicationController owner
/// references and Events name the ReplicationController.
/// </summary>
public sealed class ReplicationControllerAdapter(KubeApiClient client, IObjectCache<V1ReplicationController> cache) : IReplicaSetAdapter
{
    public string ApiVersion => "v1";

    public string Kind => "ReplicationController";

    public IObjectCache<V1ReplicaSet> Cache { get; } = new ReplicaSetView(cache);

    public async Task<V1ReplicaSet?> GetLiveAsync(string? ns, string name, CancellationToken ct) =>
        await client.TryGetAsync<V1ReplicationController>(ResourceType.ReplicationControllers, ns, name, ct) is { } rc
            ? ReplicationControllerConversion.ToReplicaSet(rc)
            : null;

    public Task UpdateStatusAsync(V1ReplicaSet rs, CancellationToken ct) =>
        client.Resource<V1ReplicationController>(ResourceType.ReplicationControllers)
            .UpdateStatusAsync(ReplicationControllerConversion.ToReplicationController(rs), cancellationToken: ct);

    public V1ObjectReference Reference(V1ReplicaSet rs) => new()
    {
        Kind = Kind,
        ApiVersion = ApiVersion,
        NamespaceProperty = rs.Metadata.NamespaceProperty,
        Name = rs.Metadata.Name,
        Uid = rs.Metadata.Uid,
        ResourceVersion = rs.Metadata.ResourceVersion,
    };
}
