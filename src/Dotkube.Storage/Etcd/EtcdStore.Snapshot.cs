using Etcdserverpb;
using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>Backups through etcd's maintenance Snapshot RPC: one member streams its whole database.</summary>
public sealed partial class EtcdStore
{
    /// <summary>
    /// Writes a snapshot of the member's database to <paramref name="destination"/>: the same bytes as
    /// <c>etcdctl snapshot save</c>, so <c>etcdctl snapshot restore</c> can seed a new cluster from it with
    /// every revision intact, and <see cref="EtcdSnapshotFile"/> can read its keys.
    /// </summary>
    /// <returns>the number of bytes written.</returns>
    public async Task<long> SaveSnapshotAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        long written = 0;
        try
        {
            using var call = Maintenance.Snapshot(new SnapshotRequest(), cancellationToken: cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var chunk = call.ResponseStream.Current.Blob;
                await destination.WriteAsync(chunk.Memory, cancellationToken).ConfigureAwait(false);
                written += chunk.Length;
            }
        }
        catch (RpcException e) when (EtcdUnavailableException.Describes(e))
        {
            throw new EtcdUnavailableException("snapshot", e);
        }

        return written;
    }
}
