using Dotkube.Storage.Watch;

namespace Dotkube.Storage.Sqlite;

/// <summary>The writer thread: group commit of queued writes, and maintenance.</summary>
public sealed partial class SqliteStore
{
    /// <summary>Revisions compacted per transaction.</summary>
    internal const long CompactionStep = 10_000;

    private const int MaxBatchWrites = 1_000;
    private const long MaxBatchBytes = 16 * 1024 * 1024;

    private void WriteLoop()
    {
        var batch = new List<WriteOp>(MaxBatchWrites);
        var events = new List<WatchEvent>(MaxBatchWrites);
        var reader = queue.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                if (reader.TryPeek(out var first) && first.IsMaintenance)
                {
                    reader.TryRead(out _);
                    RunMaintenance(first);
                    continue;
                }

                // Everything queued while the previous commit was syncing goes into this one.
                batch.Clear();
                long bytes = 0;
                while (batch.Count < MaxBatchWrites && bytes < MaxBatchBytes && reader.TryPeek(out var next) && !next.IsMaintenance)
                {
                    reader.TryRead(out _);
                    if (next.CancellationToken.IsCancellationRequested)
                    {
                        next.Completion.TrySetCanceled(next.CancellationToken);
                        continue;
                    }

                    batch.Add(next);
                    bytes += next.Value.Length;
                }

                if (batch.Count > 0)
                {
                    CommitBatch(batch, events);
                }
            }
        }
        catch (Exception e)
        {
            // A bug, not a storage error (those fail only their batch): stop taking writes, fail the waiting ones.
            writerFailure = e;
            queue.Writer.TryComplete(e);
            while (reader.TryRead(out var pending))
            {
                pending.Completion.TrySetException(e);
            }

            foreach (var op in batch)
            {
                op.Completion.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// Applies a batch in one transaction. Each write gets its own revision and its own compare-and-swap
    /// check; one that fails its check writes nothing and fails alone. Nobody hears of any write until the
    /// commit is durable; then watchers get the events and writers their answers.
    /// </summary>
    private void CommitBatch(List<WriteOp> batch, List<WatchEvent> events)
    {
        events.Clear();
        var next = revision + 1;
        try
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            commands.Enlist(transaction);
            foreach (var op in batch)
            {
                try
                {
                    op.Result = Apply(op, next, events);
                    next++;
                }
                catch (StorageException e)
                {
                    op.Failure = e;
                }
            }

            transaction.Commit();
        }
        catch (Exception e) when (e is not StorageException)
        {
            // The transaction rolled back: no revision was used and none of the batch happened.
            foreach (var op in batch)
            {
                op.Completion.TrySetException(e);
            }

            return;
        }
        finally
        {
            commands.Enlist(null);
        }

        Volatile.Write(ref revision, next - 1);
        hub.Publish(events);
        foreach (var op in batch)
        {
            if (op.Failure is { } failure)
            {
                op.Completion.TrySetException(failure);
            }
            else
            {
                op.Completion.TrySetResult(op.Result!);
            }
        }
    }

    private KeyValue Apply(WriteOp op, long rev, List<WatchEvent> events)
    {
        var key = op.Key;
        var current = commands.ReadCurrent(key);
        switch (op.Kind)
        {
            case WriteKind.Create:
                {
                    if (current is not null)
                    {
                        throw new KeyExistsException(key);
                    }

                    commands.InsertLog(rev, key, rev, 0, deleted: false, op.Value);
                    commands.SetCurrent(key, rev, created: true);
                    var kv = new KeyValue(key, op.Value, rev, rev);
                    events.Add(new WatchEvent(WatchEventType.Put, kv, null, IsCreate: true));
                    return kv;
                }

            case WriteKind.Update:
                {
                    if (current is null)
                    {
                        throw new KeyNotFoundStorageException(key);
                    }

                    if (current.ModRevision != op.Revision)
                    {
                        throw new RevisionConflictException(key, current);
                    }

                    commands.InsertLog(rev, key, current.CreateRevision, current.ModRevision, deleted: false, op.Value);
                    commands.SetCurrent(key, rev, created: false);
                    var kv = new KeyValue(key, op.Value, current.CreateRevision, rev);
                    events.Add(new WatchEvent(WatchEventType.Put, kv, current, IsCreate: false));
                    return kv;
                }

            case WriteKind.Delete:
                {
                    if (current is null)
                    {
                        throw new KeyNotFoundStorageException(key);
                    }

                    if (op.Revision != 0 && current.ModRevision != op.Revision)
                    {
                        throw new RevisionConflictException(key, current);
                    }

                    commands.InsertLog(rev, key, current.CreateRevision, current.ModRevision, deleted: true, []);
                    commands.DeleteCurrent(key);
                    var kv = current with { ModRevision = rev };
                    events.Add(new WatchEvent(WatchEventType.Delete, kv, current, IsCreate: false));
                    return kv;
                }

            default:
                throw new InvalidOperationException($"{op.Kind} is not a write");
        }
    }

    private void RunMaintenance(WriteOp op)
    {
        try
        {
            if (op.Kind == WriteKind.Compact && op.Revision > compacted)
            {
                using (var transaction = writer.BeginTransaction(deferred: false))
                {
                    commands.Enlist(transaction);
                    commands.Compact(compacted, op.Revision);
                    transaction.Commit();
                }

                Volatile.Write(ref compacted, op.Revision);
                hub.SetCompacted(op.Revision);
            }
            else if (op.Kind == WriteKind.Vacuum)
            {
                // auto_vacuum=INCREMENTAL leaves freed pages on the free list until asked; hand them back now.
                SqliteSchema.Execute(writer, "PRAGMA incremental_vacuum");
            }

            op.Completion.TrySetResult(WriteOp.NoResult);
        }
        catch (Exception e)
        {
            op.Completion.TrySetException(e);
        }
        finally
        {
            commands.Enlist(null);
        }
    }
}
