namespace Dotkube.Storage.Transfer;

/// <summary>
/// Copies every live key from one store into another, empty one, as of one revision of the source. Values
/// are copied byte for byte; revisions are not (the target hands out its own), which is why watchers of the
/// old store must re-list: their resourceVersions mean nothing to the new one. To make sure they notice,
/// the target is compacted at its last revision afterwards: an old resourceVersion is then either compacted
/// (410 Gone) or in the target's future (the API's "Too large resource version"), and clients re-list on both.
/// </summary>
public static class StoreCopier
{
    /// <summary>Keys the copy takes: Kubernetes' whole tree. etcd's own bookkeeping (compact_rev_key) stays behind.</summary>
    public const string Prefix = "/";

    /// <summary>
    /// Keys left behind: the API servers' master leases live only as long as their etcd lease; copied, they would
    /// name servers of the old cluster as live forever.
    /// </summary>
    public static bool IsCopied(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && !key.StartsWith(MasterLeases.MasterEndpoint.KeyPrefix, StringComparison.Ordinal);

    private const int PageSize = 500;

    /// <summary>Copies and returns how many keys were written.</summary>
    /// <exception cref="InvalidOperationException">the target is not empty.</exception>
    public static async Task<long> CopyAsync(IRevisionedStore source, IRevisionedStore target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        await RequireEmptyAsync(target, cancellationToken).ConfigureAwait(false);
        long copied = 0;
        long at = 0;
        string? after = null;
        while (true)
        {
            var page = await source.ListAsync(Prefix, new ListOptions(PageSize, at, after), cancellationToken).ConfigureAwait(false);
            at = page.Revision; // every later page reads the same state as the first
            copied += await WriteAsync(target, [.. page.Items.Where(kv => IsCopied(kv.Key))], cancellationToken).ConfigureAwait(false);
            if (!page.More || page.Items.Count == 0)
            {
                await SealAsync(target, cancellationToken).ConfigureAwait(false);
                return copied;
            }

            after = page.Items[^1].Key;
        }
    }

    /// <summary>Writes the given key-values (e.g. read from a snapshot file) into an empty store.</summary>
    public static async Task<long> WriteAllAsync(IReadOnlyList<KeyValue> items, IRevisionedStore target, CancellationToken cancellationToken = default)
    {
        await RequireEmptyAsync(target, cancellationToken).ConfigureAwait(false);
        var copied = await WriteAsync(target, items.Where(kv => IsCopied(kv.Key)).ToList(), cancellationToken)
            .ConfigureAwait(false);
        await SealAsync(target, cancellationToken).ConfigureAwait(false);
        return copied;
    }

    /// <summary>Compacts the copy at its newest revision, so no revision from before the copy can be watched from.</summary>
    private static Task SealAsync(IRevisionedStore target, CancellationToken cancellationToken) =>
        target.CompactAsync(target.CurrentRevision, cancellationToken);

    private static async Task RequireEmptyAsync(IRevisionedStore target, CancellationToken cancellationToken)
    {
        var existing = await target.CountAsync(Prefix, cancellationToken).ConfigureAwait(false);
        if (existing > 0)
        {
            throw new InvalidOperationException($"the target datastore already holds {existing} keys; copy only into an empty one");
        }
    }

    /// <summary>Creates the items a few at a time in parallel: the backends batch concurrent writes.</summary>
    private static async Task<long> WriteAsync(IRevisionedStore target, IReadOnlyList<KeyValue> items, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (kv, ct) => await target.CreateAsync(kv.Key, kv.Value, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return items.Count;
    }
}
