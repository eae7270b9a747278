using Dotkube.Storage.Etcd;
using Dotkube.Storage.Sqlite;

namespace Dotkube.Storage.Transfer;

/// <summary>What a snapshot file holds.</summary>
public enum SnapshotFormat
{
    /// <summary>A copy of a SQLite store's database (history and revisions included).</summary>
    Sqlite,

    /// <summary>An etcd member's database, as etcd's Snapshot RPC streams it.</summary>
    Etcd,
}

/// <summary>
/// <c>dotkube datastore snapshot save|restore</c>: a SQLite store is saved with VACUUM INTO (consistent while
/// the server runs), an etcd cluster through its Snapshot RPC. Restoring a SQLite snapshot into SQLite puts the
/// file back as it was; every other restore writes the snapshot's live keys into an empty datastore, which
/// gives them new revisions.
/// </summary>
public static class Snapshots
{
    /// <summary>Saves a snapshot of <paramref name="datastore"/> to the new file <paramref name="file"/>.</summary>
    /// <exception cref="ArgumentException">the datastore cannot be snapshotted (memory).</exception>
    /// <exception cref="IOException">the file exists already.</exception>
    public static async Task<SnapshotFormat> SaveAsync(string datastore, string dataDir, EtcdTls? tls, string file, CancellationToken cancellationToken = default)
    {
        var (kind, target) = StoreFactory.Parse(datastore, dataDir);
        if (File.Exists(file))
        {
            throw new IOException($"{file} exists; a snapshot never overwrites a file");
        }

        switch (kind)
        {
            case "sqlite":
                SqliteSnapshot.Save(target, file);
                return SnapshotFormat.Sqlite;
            case EtcdOptions.Scheme:
                await using (var store = await EtcdStore.OpenAsync(StoreFactory.EtcdOptionsFor(datastore, tls), null, cancellationToken).ConfigureAwait(false))
                {
                    // Written beside the target and renamed when complete, so a failed save leaves no partial file.
                    var partial = file + ".part";
                    await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
                    {
                        await store.SaveSnapshotAsync(output, cancellationToken).ConfigureAwait(false);
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        output.Flush(flushToDisk: true);
                    }

                    File.Move(partial, file);
                }

                return SnapshotFormat.Etcd;
            default:
                throw new ArgumentException($"a {kind} datastore keeps nothing to snapshot", nameof(datastore));
        }
    }

    /// <summary>Detects what <paramref name="file"/> holds.</summary>
    /// <exception cref="InvalidDataException">it is neither a SQLite nor an etcd snapshot.</exception>
    public static SnapshotFormat Detect(string file) =>
        SqliteSnapshot.Detect(file) ? SnapshotFormat.Sqlite
        : EtcdSnapshotFile.Detect(file) ? SnapshotFormat.Etcd
        : throw new InvalidDataException($"{file} is neither a SQLite nor an etcd snapshot");

    /// <summary>Restores <paramref name="file"/> into <paramref name="datastore"/>, which must be new or empty.</summary>
    /// <returns>the number of keys the datastore holds afterwards.</returns>
    public static async Task<long> RestoreAsync(string file, string datastore, string dataDir, EtcdTls? tls, CancellationToken cancellationToken = default)
    {
        var format = Detect(file);
        var (kind, target) = StoreFactory.Parse(datastore, dataDir);
        if (kind == "memory")
        {
            throw new ArgumentException("restoring into a memory datastore would keep nothing", nameof(datastore));
        }

        if (kind == "sqlite" && File.Exists(target))
        {
            throw new IOException($"{target} exists; restore into a new data directory or move the old database away first");
        }

        if (format == SnapshotFormat.Sqlite && kind == "sqlite")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            File.Copy(file, target);
            await using var restored = SqliteStore.Open(target); // checks the schema version
            return await restored.CountAsync(StoreCopier.Prefix, cancellationToken).ConfigureAwait(false);
        }

        await using var store = await StoreFactory.OpenAsync(datastore, dataDir, null, tls, cancellationToken).ConfigureAwait(false);
        if (format == SnapshotFormat.Etcd)
        {
            var (live, revision) = EtcdSnapshotFile.ReadLive(file);
            return await StoreCopier.WriteAllAsync(live, store, cancellationToken, revision).ConfigureAwait(false);
        }

        // A SQLite snapshot into etcd: read it from a private copy, as opening a database may write beside it.
        var copy = Path.Combine(Path.GetTempPath(), $"dotkube-restore-{Guid.NewGuid():N}.db");
        File.Copy(file, copy);
        try
        {
            await using var source = SqliteStore.Open(copy);
            return await StoreCopier.CopyAsync(source, store, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var leftover in new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>
    /// <c>dotkube datastore migrate</c>: copies every key of <paramref name="from"/> into the empty <paramref name="to"/>.
    /// A SQLite source must not have a server running on it (the copy would miss later writes).
    /// </summary>
    public static async Task<long> MigrateAsync(string from, string to, string dataDir, EtcdTls? tls, CancellationToken cancellationToken = default)
    {
        var source = StoreFactory.Parse(from, dataDir);
        var destination = StoreFactory.Parse(to, dataDir);
        if (source == destination)
        {
            throw new ArgumentException($"--from and --to name the same datastore ({source.Target})");
        }

        if (source.Kind == "memory" || destination.Kind == "memory")
        {
            throw new ArgumentException("a memory datastore can be neither migrated from nor to");
        }

        if (source.Kind == "sqlite" && !File.Exists(source.Target))
        {
            throw new FileNotFoundException($"no SQLite datastore at {source.Target}", source.Target);
        }

        await using var input = await StoreFactory.OpenAsync(from, dataDir, null, tls, cancellationToken).ConfigureAwait(false);
        await using var output = await StoreFactory.OpenAsync(to, dataDir, null, tls, cancellationToken).ConfigureAwait(false);
        return await StoreCopier.CopyAsync(input, output, cancellationToken).ConfigureAwait(false);
    }
}
