using Etcdserverpb;
using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>Reads: linearizable etcd ranges, at the current revision or a past one.</summary>
public sealed partial class EtcdStore
{
    public async Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var response = await Range(new RangeRequest { Key = EtcdKeys.Key(key), Revision = Math.Max(0, revision) }, cancellationToken)
            .ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ToKeyValue(response.Kvs[0]);
    }

    public async Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Limit);
        var (start, end) = EtcdKeys.Prefix(prefix);
        if (options.StartKey is not null)
        {
            var after = EtcdKeys.After(options.StartKey);
            if (EtcdKeys.Compare(after, start) > 0)
            {
                start = after;
            }
        }

        var response = await Range(new RangeRequest { Key = start, RangeEnd = end, Limit = options.Limit, Revision = Math.Max(0, options.Revision) }, cancellationToken)
            .ConfigureAwait(false);
        var items = new List<KeyValue>(response.Kvs.Count);
        foreach (var item in response.Kvs)
        {
            items.Add(ToKeyValue(item));
        }

        // Count is every key in the range at that revision, however many the limit let through.
        var remaining = Math.Max(0, response.Count - items.Count);
        var at = options.Revision > 0 ? options.Revision : response.Header.Revision;
        return new ListResult(items, at, remaining > 0, remaining);
    }

    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var (start, end) = EtcdKeys.Prefix(prefix);
        var response = await Range(new RangeRequest { Key = start, RangeEnd = end, CountOnly = true }, cancellationToken).ConfigureAwait(false);
        return response.Count;
    }

    /// <remarks>
    /// One quorum range with keys only: etcd counts every key in the range but returns only those past the
    /// mod revision filter, so a cache that is up to date costs a count and an empty answer.
    /// </remarks>
    public async Task<PrefixState> ReadPrefixStateAsync(string prefix, long modifiedAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var (start, end) = EtcdKeys.Prefix(prefix);
        var response = await Range(new RangeRequest { Key = start, RangeEnd = end, KeysOnly = true, MinModRevision = modifiedAfter + 1 }, cancellationToken)
            .ConfigureAwait(false);
        long newest = 0;
        foreach (var item in response.Kvs)
        {
            newest = Math.Max(newest, item.ModRevision);
        }

        return new PrefixState(response.Header.Revision, response.Count, newest);
    }

    private async Task<RangeResponse> Range(RangeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            // Serializable stays false: every read goes through the leader's quorum, as kube-apiserver's do.
            var response = await Call("range", () => kv.RangeAsync(request, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            Observe(response.Header);
            return response;
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            var compactedAt = await LearnCompactedRevisionAsync(cancellationToken).ConfigureAwait(false);
            throw new CompactedException(request.Revision, compactedAt);
        }
        catch (RpcException e) when (EtcdErrors.IsFutureRevision(e))
        {
            throw new FutureRevisionException(request.Revision, CurrentRevision);
        }
    }
}
