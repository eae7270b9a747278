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

    [Theory]
    [InlineData("sqlite", "sqlite", "/data/state.db")]
    [InlineData("sqlite:///var/lib/dotkube/other.db", "sqlite", "/var/lib/dotkube/other.db")]
    [InlineData("memory", "memory", "")]
    [InlineData("etcd://10.0.0.1:2379", "etcd", "etcd://10.0.0.1:2379")]
    [InlineData("etcd://a:2379,b:2379,c:2379", "etcd", "etcd://a:2379,b:2379,c:2379")]
    public void Datastores_name_their_backend_and_target(string datastore, string kind, string target)
    {
        Assert.Equal((kind, target), StoreFactory.Parse(datastore, "/data"));
        Assert.Null(StoreFactory.Validate(datastore));
    }

    [Theory]
    [InlineData("etcd://", "no etcd endpoint")]
    [InlineData("etcd://host", "is not HOST:PORT")]
    [InlineData("etcd://host:2379/path", "is not HOST:PORT")]
    [InlineData("sqlite://", "unknown datastore")]
    [InlineData("postgres://u:p@h/db", "unknown datastore")]
    public void Malformed_datastores_are_refused_with_the_reason(string datastore, string reason)
    {
        Assert.Contains(reason, StoreFactory.Validate(datastore), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StoreFactory.Parse(datastore, "/data"));
    }

    [Fact]
    public void Etcd_endpoints_use_https_when_tls_files_are_given()
    {
        var plain = Dotkube.Storage.Etcd.EtcdOptions.Parse("etcd://a:1,b:2");
        var tls = StoreFactory.EtcdOptionsFor("etcd://a:1", new Dotkube.Storage.Etcd.EtcdTls("/ca.crt", "/c.crt", "/c.key"));

        Assert.Equal(["http://a:1/", "http://b:2/"], plain.Endpoints.Select(u => u.ToString()));
        Assert.Equal(["https://a:1/"], tls.Endpoints.Select(u => u.ToString()));
        Assert.Throws<ArgumentException>(() => StoreFactory.EtcdOptionsFor("etcd://a:1", new Dotkube.Storage.Etcd.EtcdTls(CertFile: "/c.crt")));
    }
}
