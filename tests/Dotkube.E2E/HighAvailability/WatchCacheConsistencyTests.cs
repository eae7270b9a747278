using Dotkube.E2E.Harness;
using Dotkube.Storage.Tests.Etcd;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// Two servers with watch caches on one etcd: a list without a resourceVersion is consistent, so a write
/// acknowledged by one server is in the other's very next list, though that server's cache learns of it
/// only through its etcd watch (the freshness check is a quorum read, etcd 3.4 has no progress requests).
/// </summary>
public sealed class WatchCacheConsistencyTests
{
    private static readonly string[] Quiet = ["--simulated-nodes", "0", "--scheduler=false", "--controllers="];

    [Fact]
    public async Task A_write_through_one_server_is_in_the_next_consistent_list_from_the_other()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var first = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore, .. Quiet] });
        await using var second = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore, .. Quiet] });
        using var viaFirst = first.Client();
        using var viaSecond = second.Client();
        var ns = await CreateNamespaceAsync(viaFirst, "wc");
        // The first list starts the second server's configmap cache; give it a moment to fill.
        await viaSecond.CoreV1.ListNamespacedConfigMapAsync(ns);
        await Task.Delay(500);

        for (var i = 0; i < 20; i++)
        {
            var name = $"cm-{i}";
            var created = await viaFirst.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, new Dictionary<string, string> { ["v"] = "1" }), ns);
            var afterCreate = await viaSecond.CoreV1.ListNamespacedConfigMapAsync(ns);
            var seen = Assert.Single(afterCreate.Items, c => c.Metadata.Name == name);
            Assert.Equal(created.Metadata.ResourceVersion, seen.Metadata.ResourceVersion);
            Assert.True(long.Parse(afterCreate.Metadata.ResourceVersion) >= long.Parse(created.Metadata.ResourceVersion));

            created.Data["v"] = "2";
            var updated = await viaFirst.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, ns);
            var afterUpdate = await viaSecond.CoreV1.ListNamespacedConfigMapAsync(ns);
            Assert.Equal("2", Assert.Single(afterUpdate.Items, c => c.Metadata.Name == name).Data["v"]);
            Assert.Equal(updated.Metadata.ResourceVersion, afterUpdate.Items.Single(c => c.Metadata.Name == name).Metadata.ResourceVersion);

            if (i % 2 == 1)
            {
                await viaFirst.CoreV1.DeleteNamespacedConfigMapAsync(name, ns);
                var afterDelete = await viaSecond.CoreV1.ListNamespacedConfigMapAsync(ns);
                Assert.DoesNotContain(afterDelete.Items, c => c.Metadata.Name == name);
            }
        }
        var all = await viaSecond.CoreV1.ListConfigMapForAllNamespacesAsync();
        Assert.Equal(10, all.Items.Count(c => c.Metadata.NamespaceProperty == ns));
    }

    [Fact]
    public async Task Updates_through_both_servers_on_cached_objects_lose_no_write()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var first = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore, .. Quiet] });
        await using var second = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore, .. Quiet] });
        using var viaFirst = first.Client();
        using var viaSecond = second.Client();
        var ns = await CreateNamespaceAsync(viaFirst, "wc");
        await viaFirst.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("counter"), ns);

        // Label patches without a resourceVersion from both servers at once: each starts from its cache's
        // object, which may be stale; a stale start must retry from storage rather than drop another's label.
        var patches = Enumerable.Range(0, 20).Select(i =>
        {
            var client = i % 2 == 0 ? viaFirst : viaSecond;
            var patch = new V1Patch("{\"metadata\":{\"labels\":{\"l" + i + "\":\"x\"}}}", V1Patch.PatchType.MergePatch);
            return client.CoreV1.PatchNamespacedConfigMapAsync(patch, "counter", ns);
        });
        await Task.WhenAll(patches);
        var labels = (await viaSecond.CoreV1.ReadNamespacedConfigMapAsync("counter", ns)).Metadata.Labels;
        Assert.Equal(20, labels.Count);
    }
}
