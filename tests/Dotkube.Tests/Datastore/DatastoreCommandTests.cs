using System.Text;
using Dotkube.Commands;
using Dotkube.Storage;
using Dotkube.Storage.Tests.Etcd;

namespace Dotkube.Tests.Datastore;

/// <summary><c>dotkube datastore snapshot save|restore</c> and <c>migrate</c>, run as the command line runs them.</summary>
public sealed class DatastoreCommandTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_cluster_moves_from_sqlite_to_etcd_is_backed_up_and_restored_into_sqlite_with_every_object()
    {
        await using var etcd = await EtcdServer.StartAsync();
        var dataDir = directory.Combine("server");
        var expected = await SeedAsync("sqlite", dataDir);

        Assert.Equal(0, await RunAsync("migrate", "--from", "sqlite", "--to", etcd.Datastore, "--data-dir", dataDir));
        Assert.Equal(0, await RunAsync("snapshot", "save", directory.Combine("etcd.db"), "--datastore", etcd.Datastore));
        Assert.Equal(0, await RunAsync("snapshot", "restore", directory.Combine("etcd.db"), "--data-dir", directory.Combine("restored")));
        Assert.Equal(0, await RunAsync("snapshot", "save", directory.Combine("sqlite.db"), "--data-dir", directory.Combine("restored")));
        Assert.Equal(0, await RunAsync("snapshot", "restore", directory.Combine("sqlite.db"), "--data-dir", directory.Combine("again")));

        Assert.Equal(expected, await ContentAsync(etcd.Datastore, "."));
        Assert.Equal(expected, await ContentAsync("sqlite", directory.Combine("restored")));
        Assert.Equal(expected, await ContentAsync("sqlite", directory.Combine("again")));
    }

    [Theory]
    [InlineData("migrating into a datastore that holds keys", new[] { "migrate", "--from", "sqlite://{dir}/a.db", "--to", "sqlite://{dir}/a-copy.db" }, 1)]
    [InlineData("migrating from a missing database", new[] { "migrate", "--from", "sqlite://{dir}/missing.db", "--to", "sqlite://{dir}/new.db" }, 1)]
    [InlineData("migrating a datastore onto itself", new[] { "migrate", "--from", "sqlite://{dir}/a.db", "--to", "sqlite://{dir}/a.db" }, 1)]
    [InlineData("snapshotting the memory datastore", new[] { "snapshot", "save", "{dir}/m.snapshot", "--datastore", "memory" }, 1)]
    [InlineData("restoring a file that is no snapshot", new[] { "snapshot", "restore", "{dir}/not-a-snapshot", "--data-dir", "{dir}/r" }, 1)]
    [InlineData("an unknown datastore", new[] { "migrate", "--from", "mysql://x", "--to", "sqlite" }, 1)]
    [InlineData("an etcd endpoint without a port", new[] { "snapshot", "save", "{dir}/x", "--datastore", "etcd://localhost" }, 1)]
    public async Task Refusals_exit_non_zero_and_change_nothing(string what, string[] args, int exitCode)
    {
        await SeedAsync("sqlite://" + directory.Combine("a.db"), ".", count: 10);
        await SeedAsync("sqlite://" + directory.Combine("a-copy.db"), ".", count: 1);
        await File.WriteAllTextAsync(directory.Combine("not-a-snapshot"), "hello");
        var before = await ContentAsync("sqlite://" + directory.Combine("a-copy.db"), ".");

        var code = await RunAsync([.. args.Select(a => a.Replace("{dir}", directory.Path, StringComparison.Ordinal))]);

        Assert.True(code == exitCode, $"{what}: exit code {code}");
        Assert.Equal(before, await ContentAsync("sqlite://" + directory.Combine("a-copy.db"), "."));
        Assert.False(File.Exists(directory.Combine("new.db")), what);
        Assert.False(Directory.Exists(directory.Combine("r")), what);
    }

    private static Task<int> RunAsync(params string[] args) => DatastoreCommand.Create().Parse(args).InvokeAsync();

    private static async Task<List<string>> SeedAsync(string datastore, string dataDir, int count = 150)
    {
        await using var store = await StoreFactory.OpenAsync(datastore, dataDir);
        for (var i = 0; i < count; i++)
        {
            var kv = await store.CreateAsync($"/registry/configmaps/ns{i % 3}/cm{i}", Encoding.UTF8.GetBytes($"{{\"data\":{{\"i\":\"{i}\"}}}}"));
            if (i % 5 == 0)
            {
                await store.UpdateAsync(kv.Key, Encoding.UTF8.GetBytes($"{{\"data\":{{\"i\":\"{i}\",\"v\":\"2\"}}}}"), kv.ModRevision);
            }
        }

        return await ContentAsync(store);
    }

    private static async Task<List<string>> ContentAsync(string datastore, string dataDir)
    {
        await using var store = await StoreFactory.OpenAsync(datastore, dataDir);
        return await ContentAsync(store);
    }

    private static async Task<List<string>> ContentAsync(IRevisionedStore store) =>
        [.. (await store.ListAsync("/", new ListOptions())).Items.Select(kv => $"{kv.Key}={Encoding.UTF8.GetString(kv.Value.Span)}")];
}
