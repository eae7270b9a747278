using Etcdserverpb;

namespace Dotkube.Storage.Etcd;

/// <summary>Keys that expire: a put bound to a fresh etcd lease (the master leases of the API servers).</summary>
public sealed partial class EtcdStore
{
    private Lease.LeaseClient? leaseClient;

    private Lease.LeaseClient LeaseClient => leaseClient ??= new Lease.LeaseClient(channel);

    /// <summary>
    /// Writes <paramref name="key"/> unconditionally, bound to a new lease of <paramref name="ttl"/> (whole seconds,
    /// at least one): etcd deletes the key when the lease expires, unless a later call rebinds it to a newer lease.
    /// </summary>
    internal async Task PutWithTtlAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var bytes = Checked(key, value);
        var seconds = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds));
        var grant = await Call("lease grant", () => LeaseClient.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, cancellationToken: cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        var put = await Call("put", () => kv.PutAsync(new PutRequest { Key = EtcdKeys.Key(key), Value = bytes, Lease = grant.ID }, cancellationToken: cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        Observe(put.Header);
    }
}
