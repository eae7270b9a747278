using Dotkube.Storage.Memory;
using Dotkube.Storage.Sqlite;

namespace Dotkube.Storage.Tests;

public sealed class StoreFactoryTests
{
    [Fact]
    public async Task Sqlite_opens_the_state_file_in_the_data_directory()
    {
        using var directory = new TempDirectory();

        await using var store = StoreFactory.Open("sqlite", directory.File("data"));

        var sqlite = Assert.IsType<SqliteStore>(store);
        Assert.Equal(Path.Combine(directory.File("data"), StoreFactory.SqliteFileName), sqlite.Path);
        Assert.True(File.Exists(sqlite.Path));
    }

    [Fact]
    public async Task Memory_needs_no_directory()
    {
        await using var store = StoreFactory.Open("memory", "/nonexistent");

        Assert.IsType<MemoryStore>(store);
    }

    [Theory]
    [InlineData("etcd")]
    [InlineData("SQLite")]
    [InlineData("")]
    public void Unknown_datastores_are_refused(string datastore)
    {
        var e = Assert.Throws<ArgumentException>(() => StoreFactory.Open(datastore, "/tmp"));

        Assert.Contains("sqlite, memory", e.Message, StringComparison.Ordinal);
    }
}
