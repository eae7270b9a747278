namespace Dotkube.Storage.MasterLeases;

/// <summary>
/// The live API servers, each an entry that expires unless its server renews it: what upstream's lease
/// endpoint reconciler keeps as TTL keys under <c>/registry/masterleases/</c> and turns into the
/// <c>kubernetes</c> Service's endpoints.
/// </summary>
/// <remarks>
/// Two implementations: <see cref="EtcdMasterLeases"/> (etcd keys bound to etcd leases, shared by every server on
/// the cluster) and <see cref="LocalMasterLeases"/> (in this process: on SQLite or memory the one server is all there is).
/// </remarks>
public interface IMasterLeases
{
    /// <summary>Creates or renews the entry of <paramref name="server"/>; it lapses <paramref name="ttl"/> after this call unless renewed.</summary>
    Task UpdateAsync(MasterEndpoint server, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>The servers whose entries have not lapsed, in key order.</summary>
    Task<IReadOnlyList<MasterEndpoint>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the entry of <paramref name="server"/> now (graceful shutdown); no error when it is gone already.</summary>
    Task RemoveAsync(MasterEndpoint server, CancellationToken cancellationToken = default);
}
