namespace Dotkube.Storage;

/// <summary>
/// A revisioned key-value store with etcd semantics: one global, monotonically increasing
/// revision; every write bumps it by one and stamps the written key with it. The API server's
/// resourceVersion is exactly this revision.
/// </summary>
/// <remarks>
/// Every backend (memory, SQLite, later etcd) must pass the same contract suite in
/// tests/Dotkube.Storage.Tests. Failures are typed exceptions from <see cref="StorageException"/>
/// so the API server can translate them to Status errors.
/// </remarks>
public interface IRevisionedStore : IAsyncDisposable
{
    /// <summary>The revision of the newest write (0 on an empty store).</summary>
    long CurrentRevision { get; }

    /// <summary>Revisions at or below this have been compacted away (0 = nothing compacted).</summary>
    long CompactedRevision { get; }

    /// <summary>Creates <paramref name="key"/>; throws <see cref="KeyExistsException"/> if it exists.</summary>
    Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Reads a key at the current revision, or at <paramref name="revision"/> when it is positive.</summary>
    /// <exception cref="CompactedException">the revision was compacted.</exception>
    /// <exception cref="FutureRevisionException">the revision is newer than the store's.</exception>
    Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default);

    /// <summary>Lists keys under a prefix in key order; see <see cref="ListOptions"/>.</summary>
    Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default);

    /// <summary>Counts the live keys under a prefix at the current revision.</summary>
    Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value of an existing key if its mod revision still equals
    /// <paramref name="expectedModRevision"/> (compare-and-swap).
    /// </summary>
    /// <exception cref="KeyNotFoundStorageException">the key does not exist.</exception>
    /// <exception cref="RevisionConflictException">the key was modified since; carries the current value.</exception>
    Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a key if its mod revision equals <paramref name="expectedModRevision"/> (0 = unconditionally).
    /// Returns the deleted value with <see cref="KeyValue.ModRevision"/> set to the revision of the deletion.
    /// </summary>
    /// <exception cref="KeyNotFoundStorageException">the key does not exist.</exception>
    /// <exception cref="RevisionConflictException">the key was modified since.</exception>
    Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/> and yields each event with a revision strictly
    /// greater than <paramref name="afterRevision"/>, in revision order, exactly once. A slow reader
    /// whose bounded buffer overflows has its stream ended with <see cref="WatchOverflowException"/>
    /// (it must re-list), rather than slowing writers down.
    /// </summary>
    /// <exception cref="CompactedException">thrown on first MoveNextAsync when afterRevision &lt; CompactedRevision.</exception>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>Drops history at or below <paramref name="revision"/>; current values are kept.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);
}

/// <summary>One stored version of a key.</summary>
/// <param name="ModRevision">revision of the write that produced this value (for a delete event: the delete's revision).</param>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision);

/// <param name="Limit">0 = no limit.</param>
/// <param name="Revision">0 = current revision; otherwise read the state as it was at that revision.</param>
/// <param name="StartKey">resume strictly after this key (a continue token's key); null = from the start.</param>
public sealed record ListOptions(int Limit = 0, long Revision = 0, string? StartKey = null);

/// <param name="Revision">the revision the list was read at (use it for the next page and to start a watch).</param>
/// <param name="More">true when keys remain after the last returned item.</param>
/// <param name="RemainingCount">number of keys after the last returned one, when known.</param>
public sealed record ListResult(IReadOnlyList<KeyValue> Items, long Revision, bool More, long? RemainingCount);

public enum WatchEventType { Put, Delete }

/// <param name="Kv">the new value for Put; for Delete, the last value with ModRevision = the delete's revision.</param>
/// <param name="PrevKv">the value before this event, when there was one.</param>
/// <param name="IsCreate">true when the Put created the key.</param>
public sealed record WatchEvent(WatchEventType Type, KeyValue Kv, KeyValue? PrevKv, bool IsCreate)
{
    public long Revision => Kv.ModRevision;
}
