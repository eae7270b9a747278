namespace Dotkube.Storage;

/// <summary>Limits shared by every backend.</summary>
/// <param name="MaxValueBytes">values larger than this are refused with <see cref="ValueTooLargeException"/> (etcd's default request limit is 1.5 MiB; Kubernetes objects stay well below 3 MiB).</param>
/// <param name="WatchBufferSize">events a watcher may have pending before it is dropped with <see cref="WatchOverflowException"/>.</param>
/// <param name="EventRingSize">recent events kept in memory so most watches resume without reading history from the backend.</param>
public sealed record StoreOptions(
    int MaxValueBytes = StoreOptions.DefaultMaxValueBytes,
    int WatchBufferSize = 10_000,
    int EventRingSize = 4_096)
{
    public const int DefaultMaxValueBytes = 3 * 1024 * 1024;

    public static StoreOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxValueBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WatchBufferSize);
        ArgumentOutOfRangeException.ThrowIfNegative(EventRingSize);
    }

    internal byte[] CheckedCopy(string key, ReadOnlyMemory<byte> value)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new ValueTooLargeException(key, value.Length, MaxValueBytes);
        }

        // A private copy: the caller may reuse its buffer, while history and watchers keep ours.
        return value.ToArray();
    }
}
