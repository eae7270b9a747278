using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dotkube.Storage.Etcd;

/// <summary>
/// The store on an etcd v3 cluster. Every object's resourceVersion is its etcd mod revision; writes are
/// single transactions that compare the key's create or mod revision; reads are linearizable (quorum)
/// reads; watches are etcd watches with previous values.
/// </summary>
/// <remarks>
/// Unlike the embedded backends, other servers write to the same cluster, so <see cref="CurrentRevision"/>
/// and <see cref="CompactedRevision"/> are the newest this store has seen in any answer from etcd
/// (see <see cref="RefreshAsync"/>), not an authority. A fresh etcd cluster is at revision 1, not 0.
/// </remarks>
public sealed partial class EtcdStore : IRevisionedStore, IPrefixStateReader
{
    private readonly GrpcChannel channel;
    private readonly KV.KVClient kv;
    private readonly Etcdserverpb.Watch.WatchClient watch;
    private readonly StoreOptions options;
    private readonly int maxValueBytes;
    private readonly CancellationTokenSource closing = new();
    private long revision;
    private long compacted;
    private int disposed;

    private EtcdStore(EtcdOptions etcd, StoreOptions options)
    {
        Options = etcd;
        this.options = options;
        maxValueBytes = Math.Min(options.MaxValueBytes, etcd.MaxValueBytes);
        channel = EtcdChannel.Create(etcd);
        kv = new KV.KVClient(channel);
        watch = new Etcdserverpb.Watch.WatchClient(channel);
        Maintenance = new Etcdserverpb.Maintenance.MaintenanceClient(channel);
    }

    public EtcdOptions Options { get; }

    public long CurrentRevision => Volatile.Read(ref revision);

    public long CompactedRevision => Volatile.Read(ref compacted);

    /// <summary>The cluster's maintenance service (status, snapshots).</summary>
    internal Etcdserverpb.Maintenance.MaintenanceClient Maintenance { get; }

    /// <summary>Connects, and learns the cluster's current and compacted revisions.</summary>
    /// <exception cref="EtcdUnavailableException">no member answered.</exception>
    public static async Task<EtcdStore> OpenAsync(EtcdOptions etcd, StoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(etcd);
        options ??= StoreOptions.Default;
        options.Validate();
        var store = new EtcdStore(etcd, options);
        try
        {
            await store.RefreshAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the cluster's current revision (a quorum read) and compacted revision into this store's view.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var response = await Call("range", () => kv.RangeAsync(new RangeRequest { Key = EtcdKeys.Key("/"), CountOnly = true }, cancellationToken: cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        Observe(response.Header);
        await LearnCompactedRevisionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await closing.CancelAsync().ConfigureAwait(false);
        channel.Dispose();
        closing.Dispose();
    }

    /// <summary>Moves this store's view of the current revision forward (never back) from a response header.</summary>
    private void Observe(ResponseHeader? header)
    {
        if (header is not null)
        {
            AdvanceTo(ref revision, header.Revision);
        }
    }

    private static void AdvanceTo(ref long field, long value)
    {
        var seen = Volatile.Read(ref field);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref field, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Runs one unary call, turning unreachable-cluster failures into <see cref="EtcdUnavailableException"/>.</summary>
    private async Task<T> Call<T>(string operation, Func<AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        try
        {
            return await call().ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Message, e, cancellationToken);
        }
        catch (RpcException e) when (EtcdUnavailableException.Describes(e))
        {
            throw new EtcdUnavailableException(operation, e);
        }
    }
}
