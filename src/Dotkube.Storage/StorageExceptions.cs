namespace Dotkube.Storage;

/// <summary>Base of every failure a store reports; the API server maps each to a Status.</summary>
public abstract class StorageException(string message) : Exception(message);

public sealed class KeyExistsException(string key) : StorageException($"key exists: {key}")
{
    public string Key { get; } = key;
}

public sealed class KeyNotFoundStorageException(string key) : StorageException($"key not found: {key}")
{
    public string Key { get; } = key;
}

/// <summary>A compare-and-swap lost: the key's mod revision is no longer the expected one.</summary>
public sealed class RevisionConflictException(string key, KeyValue current)
    : StorageException($"revision conflict on {key}: now at {current.ModRevision}")
{
    public string Key { get; } = key;
    public KeyValue Current { get; } = current;
}

/// <summary>The requested revision was compacted away (the API answers 410 Expired).</summary>
public sealed class CompactedException(long requested, long compacted)
    : StorageException($"required revision {requested} has been compacted (compacted revision {compacted})")
{
    public long Requested { get; } = requested;
    public long Compacted { get; } = compacted;
}

/// <summary>The requested revision is newer than the store (the API answers 504 Timeout after waiting).</summary>
public sealed class FutureRevisionException(long requested, long current)
    : StorageException($"required revision {requested} is a future revision (current {current})")
{
    public long Requested { get; } = requested;
    public long Current { get; } = current;
}

/// <summary>A watcher fell too far behind and was dropped; it must re-list.</summary>
public sealed class WatchOverflowException(string prefix)
    : StorageException($"watch on {prefix} fell behind and was closed")
{
    public string Prefix { get; } = prefix;
}

/// <summary>The value exceeds the backend's size limit (the API answers 413).</summary>
public sealed class ValueTooLargeException(string key, int size, int limit)
    : StorageException($"value of {key} is {size} bytes, over the limit of {limit}")
{
    public string Key { get; } = key;
    public int Size { get; } = size;
    public int Limit { get; } = limit;
}

/// <summary>
/// The backend cannot serve the request now (an etcd cluster without quorum, or out of reach); a write may or may
/// not have happened. The API answers 503 ServiceUnavailable, or 504 Timeout when <see cref="TimedOut"/>.
/// </summary>
public abstract class StoreUnavailableException(string message) : StorageException(message)
{
    /// <summary>True when the backend gave up waiting (etcd's "request timed out"), false when it refused at once.</summary>
    public abstract bool TimedOut { get; }
}
