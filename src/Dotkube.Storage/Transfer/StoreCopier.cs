namespace Dotkube.Storage.Transfer;

/// <summary>
/// Copies every live key from one store into another, empty one, as of one revision of the source. Values
/// are copied byte for byte; revisions are not (the target hands out its own), which is why watchers of the
/// old store must re-list: their resourceVersions mean nothing to the new one. To make sure they notice,
/// the target's revision is moved past the source's and compacted there afterwards: an old resourceVersion
/// is then compacted (410 Gone), and clients re-list.
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
                await SealAsync(target, at, cancellationToken).ConfigureAwait(false);
                return copied;
            }

            after = page.Items[^1].Key;
        }
    }

    /// <summary>Writes the given key-values (e.g. read from a snapshot file) into an empty store.</summary>
    /// <param name="sourceRevision">the revision the items were read at (0 = the newest of their mod revisions).</param>
    public static async Task<long> WriteAllAsync(IReadOnlyList<KeyValue> items, IRevisionedStore target, CancellationToken cancellationToken = default, long sourceRevision = 0)
    {
        await RequireEmptyAsync(target, cancellationToken).ConfigureAwait(false);
        var copied = await WriteAsync(target, items.Where(kv => IsCopied(kv.Key)).ToList(), cancellationToken)
            .ConfigureAwait(false);
        await SealAsync(target, Math.Max(sourceRevision, items.Count == 0 ? 0 : items.Max(kv => kv.ModRevision)), cancellationToken).ConfigureAwait(false);
        return copied;
    }

    /// <summary>The most revisions <see cref="SealAsync"/> writes to move the copy past the source's revision.</summary>
    public const long MaxRevisionBump = 100_000;

    /// <summary>A key outside <see cref="Prefix"/>: never copied, never served.</summary>
    private const string BumpKey = "dotkube_revision_bump";

    /// <summary>
    /// Moves the copy's revision up to the source's (writing a scratch key, at most <see cref="MaxRevisionBump"/>
    /// times; etcd's `--bump-revision` does the same for a restore), then compacts it there. Every resourceVersion
    /// a client holds from the source is then at or below the compacted revision, so a watch or list from it is
    /// answered 410 Gone and the client re-lists; without the bump a resourceVersion between the copy's last
    /// revision and the source's would, once the new store had advanced past it, silently name a different state.
    /// </summary>
    private static async Task SealAsync(IRevisionedStore target, long sourceRevision, CancellationToken cancellationToken)
    {
        var gap = sourceRevision - target.CurrentRevision;
        if (gap > 0 && gap <= MaxRevisionBump)
        {
            var value = "x"u8.ToArray();
            var kv = await target.CreateAsync(BumpKey, value, cancellationToken).ConfigureAwait(false);
            while (kv.ModRevision < sourceRevision)
            {
                kv = await target.UpdateAsync(BumpKey, value, kv.ModRevision, cancellationToken).ConfigureAwait(false);
            }

            await target.DeleteAsync(BumpKey, 0, cancellationToken).ConfigureAwait(false);
        }

        await target.CompactAsync(target.CurrentRevision, cancellationToken).ConfigureAwait(false);
    }

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
