using System.Text.Json.Nodes;
using Dotkube.Storage.Etcd;

namespace Dotkube.Storage.MasterLeases;

/// <summary>
/// The entries as keys under <c>/registry/masterleases/</c>, each bound to an etcd lease of the TTL: a server that
/// dies without removing its key drops out when the lease expires, as upstream's lease endpoint reconciler relies on.
/// </summary>
public sealed class EtcdMasterLeases(EtcdStore store) : IMasterLeases
{
    public Task UpdateAsync(MasterEndpoint server, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        return store.PutWithTtlAsync(server.Key, Value(server), ttl, cancellationToken);
    }

    public async Task<IReadOnlyList<MasterEndpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        var page = await store.ListAsync(MasterEndpoint.KeyPrefix, new ListOptions(), cancellationToken).ConfigureAwait(false);
        return [.. page.Items.Select(kv => MasterEndpoint.Parse(kv.Key)).OfType<MasterEndpoint>()];
    }

    public async Task RemoveAsync(MasterEndpoint server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        try
        {
            await store.DeleteAsync(server.Key, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundStorageException)
        {
            // its lease expired already: the state is what we wanted
        }
    }

    /// <summary>An Endpoints object naming the one server, as upstream stores (JSON here, protobuf there).</summary>
    private static byte[] Value(MasterEndpoint server) => System.Text.Encoding.UTF8.GetBytes(new JsonObject
    {
        ["kind"] = "Endpoints",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = server.Name },
        ["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = server.Address.ToString() }),
            ["ports"] = new JsonArray(new JsonObject { ["port"] = server.Port, ["protocol"] = "TCP" }),
        }),
    }.ToJsonString());
}
