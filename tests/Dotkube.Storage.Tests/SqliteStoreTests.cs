using Dotkube.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Tests;

public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory directory = new();
    private int files;

    protected override IRevisionedStore CreateStore(StoreOptions? options = null) =>
        SqliteStore.Open(directory.File($"state{files++}.db"), options);

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Reopening_the_file_keeps_every_key_and_continues_the_revision()
    {
        var path = directory.File("reopen.db");
        await using (var first = SqliteStore.Open(path))
        {
            await first.CreateAsync("/k", V("v1"));
            await first.UpdateAsync("/k", V("v2"), 1);
            await first.CreateAsync("/gone", V("x"));
            await first.DeleteAsync("/gone");
        }

        await using var second = SqliteStore.Open(path);

        Assert.Equal(4, second.CurrentRevision);
        Assert.Equal(("v2", 1L, 2L), (Text((await second.GetAsync("/k"))!), (await second.GetAsync("/k"))!.CreateRevision, (await second.GetAsync("/k"))!.ModRevision));
        Assert.Equal("v1", Text((await second.GetAsync("/k", 1))!));
        Assert.Equal(5, (await second.CreateAsync("/new", V("x"))).ModRevision);
    }

    [Fact]
    public async Task Reopening_after_the_newest_write_was_compacted_away_does_not_reuse_its_revision()
    {
        var path = directory.File("compacted.db");
        await using (var first = SqliteStore.Open(path))
        {
            await first.CreateAsync("/k", V("x"));
            await first.DeleteAsync("/k");
            await first.CompactAsync(2); // drops both rows: the log is now empty
        }

        await using var second = SqliteStore.Open(path);

        Assert.Equal((2L, 2L), (second.CurrentRevision, second.CompactedRevision));
        Assert.Equal(3, (await second.CreateAsync("/k", V("y"))).ModRevision);
    }

    [Fact]
    public async Task A_reopened_store_replays_history_from_the_file_to_a_watcher()
    {
        var path = directory.File("history.db");
        await using (var first = SqliteStore.Open(path))
        {
            await first.CreateAsync("/k", V("v1"));
            await first.UpdateAsync("/k", V("v2"), 1);
            await first.DeleteAsync("/k");
        }

        await using var second = SqliteStore.Open(path);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var events = await Take(second.WatchAsync("/", 0, cts.Token), 3, cts.Token);

        Assert.Equal([WatchEventType.Put, WatchEventType.Put, WatchEventType.Delete], events.Select(e => e.Type));
        Assert.Equal(["v1", "v2", "v2"], events.Select(e => Text(e.Kv)));
        Assert.True(events[0].IsCreate);
    }

    [Fact]
    public async Task The_database_uses_wal_full_sync_and_incremental_vacuum()
    {
        var path = directory.File("pragmas.db");
        await using var store = SqliteStore.Open(path);
        await store.CreateAsync("/k", V("x"));

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();

        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal("2", Pragma(connection, "auto_vacuum")); // 2 = incremental
    }

    [Fact]
    public async Task Compaction_returns_freed_pages_so_the_file_does_not_keep_growing()
    {
        var path = directory.File("vacuum.db");
        await using var store = SqliteStore.Open(path);
        var value = new byte[16 * 1024];
        var kv = await store.CreateAsync("/big", value);
        for (var i = 0; i < 200; i++)
        {
            kv = await store.UpdateAsync("/big", value, kv.ModRevision);
        }

        var pagesBefore = PageCount(path);
        await store.CompactAsync(store.CurrentRevision);
        var pagesAfter = PageCount(path);

        Assert.True(pagesAfter < pagesBefore / 10, $"{pagesBefore} pages before compaction, {pagesAfter} after");
        Assert.Equal(201, (await store.GetAsync("/big"))!.ModRevision);
    }

    [Fact]
    public async Task Compaction_in_several_steps_keeps_the_previous_values_later_events_need()
    {
        await using var store = SqliteStore.Open(directory.File("steps.db"));
        var total = (int)SqliteStore.CompactionStep + 50;
        var batch = Enumerable.Range(0, total).Select(i => store.CreateAsync($"/s/{i % 100}/{i}", V("x"))).ToArray();
        await Task.WhenAll(batch);
        var kv = await store.CreateAsync("/k", V("v1"));
        await store.UpdateAsync("/k", V("v2"), kv.ModRevision);

        await store.CompactAsync(kv.ModRevision);

        Assert.Equal(kv.ModRevision, store.CompactedRevision);
        Assert.Equal(total + 1, await store.CountAsync("/"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var update = (await Take(store.WatchAsync("/k", kv.ModRevision, cts.Token), 1, cts.Token)).Single();
        Assert.Equal(("v2", "v1"), (Text(update.Kv), Text(update.PrevKv!)));
    }

    private static long PageCount(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return long.Parse(Pragma(connection, "page_count"), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
