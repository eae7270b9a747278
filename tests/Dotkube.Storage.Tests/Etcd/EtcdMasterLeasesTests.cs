using System.Diagnostics;
using System.Net;
using Dotkube.Storage.Etcd;
using Dotkube.Storage.MasterLeases;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>The API servers' master leases as etcd keys bound to etcd leases.</summary>
public sealed class EtcdMasterLeasesTests(EtcdServerPool pool) : IClassFixture<EtcdServerPool>
{
    private static readonly MasterEndpoint First = new(IPAddress.Loopback, 40001);
    private static readonly MasterEndpoint Second = new(IPAddress.Parse("10.0.0.2"), 6443);

    [Fact]
    public async Task Every_server_on_the_cluster_sees_the_others_entries_under_registry_masterleases()
    {
        await using var server = await pool.TakeAsync();
        await using var a = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore));
        await using var b = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore));
        var leasesA = MasterLeasesFactory.For(a);
        var leasesB = MasterLeasesFactory.For(b);

        await leasesA.UpdateAsync(First, TimeSpan.FromSeconds(15));
        await leasesB.UpdateAsync(Second, TimeSpan.FromSeconds(15));

        Assert.Equal([Second, First], await leasesA.ListAsync()); // key order: "10.0.0.2:6443" < "127.0.0.1:40001"
        Assert.NotNull(await a.GetAsync("/registry/masterleases/127.0.0.1:40001"));

        await leasesB.RemoveAsync(Second);
        await leasesB.RemoveAsync(Second);
        Assert.Equal([First], await leasesB.ListAsync());
    }

    [Fact]
    public async Task An_entry_that_is_not_renewed_expires_with_its_etcd_lease()
    {
        await using var server = await pool.TakeAsync();
        await using var store = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore));
        var leases = new EtcdMasterLeases(store);

        await leases.UpdateAsync(First, TimeSpan.FromSeconds(1));
        await leases.UpdateAsync(Second, TimeSpan.FromSeconds(30));
        var waited = Stopwatch.StartNew();
        while ((await leases.ListAsync()).Contains(First))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "a 1 s master lease was still live after 5 s");
            await Task.Delay(100);
        }

        Assert.Equal([Second], await leases.ListAsync());
    }
}
