using System.Text;
using Dotkube.Storage.Etcd;
using Dotkube.Storage.MasterLeases;
using Dotkube.Storage.Sqlite;
using Dotkube.Storage.Transfer;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>Snapshots and migrations between SQLite and etcd, compared key by key and value by value.</summary>
public sealed class TransferTests(EtcdServerPool pool) : IClassFixture<EtcdServerPool>, IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Migrating_sqlite_to_etcd_and_back_preserves_every_key_and_value()
    {
        await using var server = await pool.TakeAsync();
        var original = $"sqlite://{directory.File("original.db")}";
        var expected = await SeedAsync(original, 400);

        var toEtcd = await Snapshots.MigrateAsync(original, server.Datastore, directory.Path, null);
        var back = $"sqlite://{directory.File("back.db")}";
        var toSqlite = await Snapshots.MigrateAsync(server.Datastore, back, directory.Path, null);

        Assert.Equal((expected.Count, expected.Count), (toEtcd, toSqlite));
        Assert.Equal(expected, await ContentAsync(server.Datastore));
        Assert.Equal(expected, await ContentAsync(back));
        await using var migrated = await StoreFactory.OpenAsync(back, ".");
        Assert.Equal(migrated.CurrentRevision, migrated.CompactedRevision);
        await using var source = await StoreFactory.OpenAsync(original, ".");
        await using var onEtcd = await StoreFactory.OpenAsync(server.Datastore, ".");
        // Every resourceVersion of the source is at or below the copies' compacted revisions: 410 Gone, never silently reused.
        Assert.True(onEtcd.CompactedRevision >= source.CurrentRevision, $"etcd compacted at {onEtcd.CompactedRevision}, the source is at {source.CurrentRevision}");
        Assert.True(migrated.CompactedRevision >= onEtcd.CompactedRevision, $"sqlite compacted at {migrated.CompactedRevision}, its etcd source at {onEtcd.CompactedRevision}");
    }

    [Fact]
    public async Task The_api_servers_master_leases_are_not_carried_into_another_datastore()
    {
        await using var server = await pool.TakeAsync();
        var expected = await SeedAsync(server.Datastore, 20);
        await using (var store = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore)))
        {
            await new EtcdMasterLeases(store).UpdateAsync(new MasterEndpoint(System.Net.IPAddress.Loopback, 6443), TimeSpan.FromSeconds(60));
        }

        var back = $"sqlite://{directory.File("no-leases.db")}";
        var copied = await Snapshots.MigrateAsync(server.Datastore, back, directory.Path, null);

        Assert.Equal(expected.Count, copied);
        Assert.Equal(expected, await ContentAsync(back));
    }

    [Fact]
    public async Task Migrating_into_a_datastore_that_holds_keys_is_refused_and_writes_nothing()
    {
        await using var server = await pool.TakeAsync();
        var source = $"sqlite://{directory.File("source.db")}";
        await SeedAsync(source, 5);
        await SeedAsync(server.Datastore, 1);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Snapshots.MigrateAsync(source, server.Datastore, directory.Path, null));

        Assert.Contains("already holds 1 keys", e.Message, StringComparison.Ordinal);
        Assert.Single(await ContentAsync(server.Datastore));
    }

    [Fact]
    public async Task An_etcd_snapshot_restores_into_a_fresh_etcd_and_into_sqlite()
    {
        await using var source = await pool.TakeAsync();
        await using var fresh = await pool.TakeAsync();
        var expected = await SeedAsync(source.Datastore, 300);
        var file = directory.File("etcd.snapshot");

        Assert.Equal(SnapshotFormat.Etcd, await Snapshots.SaveAsync(source.Datastore, directory.Path, null, file));
        var intoEtcd = await Snapshots.RestoreAsync(file, fresh.Datastore, directory.Path, null);
        var intoSqlite = await Snapshots.RestoreAsync(file, "sqlite", directory.File("restored"), null);

        Assert.Equal((expected.Count, expected.Count), (intoEtcd, intoSqlite));
        Assert.Equal(expected, await ContentAsync(fresh.Datastore));
        Assert.Equal(expected, await ContentAsync($"sqlite://{directory.File("restored/" + StoreFactory.SqliteFileName)}"));
    }

    [Fact]
    public async Task A_sqlite_snapshot_taken_during_writes_is_one_consistent_revision_and_restores_with_its_revisions()
    {
        var path = directory.File("live.db");
        await using var live = SqliteStore.Open(path);
        await SeedAsync(live, 200);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await live.CreateAsync($"/registry/events/default/e{i}", Encoding.UTF8.GetBytes($"event {i}"));
            }
        });
        await Task.Delay(50);
        var file = directory.File("sqlite.snapshot");

        Assert.Equal(SnapshotFormat.Sqlite, await Snapshots.SaveAsync($"sqlite://{path}", directory.Path, null, file));
        await stop.CancelAsync();
        await writer;
        await Snapshots.RestoreAsync(file, "sqlite", directory.File("restored"), null);

        await using var restored = SqliteStore.Open(directory.File("restored/" + StoreFactory.SqliteFileName));
        var at = restored.CurrentRevision;
        var then = await live.ListAsync("/", new ListOptions(Revision: at));
        Assert.True(at > 200, $"the snapshot is at revision {at}");
        Assert.Equal(then.Items.Select(Describe), (await restored.ListAsync("/", new ListOptions())).Items.Select(Describe));
    }

    [Fact]
    public async Task Restoring_over_an_existing_sqlite_database_is_refused()
    {
        var source = $"sqlite://{directory.File("a.db")}";
        await SeedAsync(source, 3);
        var file = directory.File("a.snapshot");
        await Snapshots.SaveAsync(source, directory.Path, null, file);

        await Assert.ThrowsAsync<IOException>(() => Snapshots.RestoreAsync(file, source, directory.Path, null));
        await Assert.ThrowsAsync<IOException>(() => Snapshots.SaveAsync(source, directory.Path, null, file));
    }

    private static async Task<List<string>> SeedAsync(string datastore, int count)
    {
        await using var store = await StoreFactory.OpenAsync(datastore, ".");
        return await SeedAsync(store, count);
    }

    /// <summary>Objects of several resources with a history (updates, deletes) and varied values.</summary>
    private static async Task<List<string>> SeedAsync(IRevisionedStore store, int count)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var key = $"/registry/{(i % 3 == 0 ? "pods" : i % 3 == 1 ? "services/specs" : "minions")}/ns{i % 5}/obj-{i:D4}";
            var created = await store.CreateAsync(key, Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', i % 97)}\"}}"), ct);
            if (i % 4 == 0)
            {
                await store.UpdateAsync(key, Encoding.UTF8.GetBytes($"{{\"n\":{i},\"updated\":true}}"), created.ModRevision, ct);
            }
            else if (i % 10 == 1)
            {
                await store.DeleteAsync(key, 0, ct);
            }
        });
        return await ContentAsync(store);
    }

    private static async Task<List<string>> ContentAsync(string datastore)
    {
        await using var store = await StoreFactory.OpenAsync(datastore, ".");
        return await ContentAsync(store);
    }

    private static async Task<List<string>> ContentAsync(IRevisionedStore store) =>
        [.. (await store.ListAsync("/", new ListOptions())).Items.Select(kv => $"{kv.Key}={Encoding.UTF8.GetString(kv.Value.Span)}")];

    private static string Describe(KeyValue kv) => $"{kv.Key} {kv.CreateRevision} {kv.ModRevision} {Encoding.UTF8.GetString(kv.Value.Span)}";
}
