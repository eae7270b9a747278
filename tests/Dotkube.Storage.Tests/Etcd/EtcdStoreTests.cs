using Dotkube.Storage.Etcd;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>The store contract against a real etcd, one fresh single-member cluster per store.</summary>
public sealed class EtcdStoreTests(EtcdServerPool pool) : StoreContractTests, IClassFixture<EtcdServerPool>, IDisposable
{
    private readonly List<EtcdServer> servers = [];

    /// <summary>A new etcd cluster has revision 1 before any write.</summary>
    protected override long BaseRevision => 1;

    protected override int DefaultMaxValueBytes => new EtcdOptions([]).MaxValueBytes;

    protected override IRevisionedStore CreateStore(StoreOptions? options = null)
    {
        var server = pool.TakeAsync().GetAwaiter().GetResult();
        servers.Add(server);
        return EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore), options).GetAwaiter().GetResult();
    }

    /// <summary>Runs after the contract's DisposeAsync closed the stores.</summary>
    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
