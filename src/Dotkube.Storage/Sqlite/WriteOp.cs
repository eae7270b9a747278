namespace Dotkube.Storage.Sqlite;

internal enum WriteKind { Create, Update, Delete, Compact, Vacuum }

/// <summary>A write waiting in the writer's queue; the writer completes it after its batch commits.</summary>
internal sealed class WriteOp(WriteKind kind, string key, byte[] value, long revision, CancellationToken cancellationToken)
{
    public WriteKind Kind { get; } = kind;

    public string Key { get; } = key;

    public byte[] Value { get; } = value;

    /// <summary>The expected mod revision for Update/Delete; the target revision for Compact.</summary>
    public long Revision { get; } = revision;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Maintenance runs in a transaction of its own, never batched with writes.</summary>
    public bool IsMaintenance => Kind is WriteKind.Compact or WriteKind.Vacuum;

    // Continuations run on the thread pool, not on the writer thread that completes them.
    public TaskCompletionSource<KeyValue> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What maintenance operations complete with; nobody reads it.</summary>
    public static KeyValue NoResult { get; } = new("", ReadOnlyMemory<byte>.Empty, 0, 0);

    /// <summary>The outcome decided inside the batch: a value, or a failure of this write alone.</summary>
    public KeyValue? Result { get; set; }

    public Exception? Failure { get; set; }
}
