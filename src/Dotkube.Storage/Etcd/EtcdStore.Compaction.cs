using System.Globalization;
using Etcdserverpb;
using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>Compaction: etcd's own, claimed round by round through a shared key when several servers share the cluster.</summary>
public sealed partial class EtcdStore : ICoordinatedCompaction
{
    /// <summary>The key kube-apiserver's compactor uses to take turns; its version counts the compactions.</summary>
    public const string CompactRevisionKey = "compact_rev_key";

    private long compactKeyVersion;

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        if (revision <= CompactedRevision)
        {
            return;
        }

        try
        {
            await Call("compact", () => kv.CompactAsync(new CompactionRequest { Revision = revision }, cancellationToken: cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            AdvanceTo(ref compacted, revision);
        }
        catch (RpcException e) when (EtcdErrors.IsFutureRevision(e))
        {
            throw new FutureRevisionException(revision, CurrentRevision);
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            // Another server compacted at or beyond this revision already.
            await LearnCompactedRevisionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Claims this compaction round, as kube-apiserver's compactor does: the claim succeeds only if
    /// <see cref="CompactRevisionKey"/> has not changed since this server last looked, so of the servers
    /// running compactors only the first in each interval compacts. The claim itself is a write (one revision).
    /// </summary>
    public async Task<bool> TryClaimCompactionAsync(long revision, CancellationToken cancellationToken = default)
    {
        var key = EtcdKeys.Key(CompactRevisionKey);
        var seen = Volatile.Read(ref compactKeyVersion);
        var txn = new TxnRequest
        {
            Compare = { new Compare { Key = key, Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = seen } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = key, Value = Google.Protobuf.ByteString.CopyFromUtf8(revision.ToString(CultureInfo.InvariantCulture)) } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = key } } },
        };
        var response = await Txn("compaction claim", CompactRevisionKey, txn, cancellationToken).ConfigureAwait(false);
        if (response.Succeeded)
        {
            Volatile.Write(ref compactKeyVersion, seen + 1);
            return true;
        }

        var current = response.Responses[0].ResponseRange.Kvs;
        Volatile.Write(ref compactKeyVersion, current.Count == 0 ? 0 : current[0].Version);
        return false;
    }

    /// <summary>
    /// Finds the cluster's compacted revision: etcd does not report it, but refuses reads below it, so it is
    /// the lowest readable revision, found by bisection between what this store knew and the current revision.
    /// </summary>
    private async Task<long> LearnCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        var low = Math.Max(1, CompactedRevision);
        var high = Math.Max(low, CurrentRevision);
        if (await ReadableAsync(low, cancellationToken).ConfigureAwait(false))
        {
            high = low; // the usual answer: nothing new was compacted
        }

        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (await ReadableAsync(middle, cancellationToken).ConfigureAwait(false))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        // Lowest readable revision 1 means nothing was ever compacted.
        var found = low <= 1 ? 0 : low;
        AdvanceTo(ref compacted, found);
        return CompactedRevision;
    }

    private async Task<bool> ReadableAsync(long at, CancellationToken cancellationToken)
    {
        try
        {
            var request = new RangeRequest { Key = EtcdKeys.Key(CompactRevisionKey), Revision = at, CountOnly = true };
            await Call("range", () => kv.RangeAsync(request, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            return false;
        }
    }
}
