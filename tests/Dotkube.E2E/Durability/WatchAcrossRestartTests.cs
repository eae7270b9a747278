using Dotkube.E2E.Client;
using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Durability;

/// <summary>A watch open across a graceful restart ends, and one resumed from its last resourceVersion misses nothing.</summary>
public sealed class WatchAcrossRestartTests
{
    private const string Ns = "rewatch";

    [Fact]
    public async Task A_watch_resumed_after_a_restart_from_the_last_seen_resourceVersion_has_no_gap()
    {
        await using var server = await DotkubeServer.StartAsync();
        string lastSeen;
        using (var client = server.Client())
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
            // The root CA publisher adds kube-root-ca.crt to every new namespace: list after it has.
            var list = await client.CoreV1.ListNamespacedConfigMapAsync(Ns);
            for (var tries = 0; list.Items.Count == 0 && tries < 100; tries++)
            {
                await Task.Delay(50);
                list = await client.CoreV1.ListNamespacedConfigMapAsync(Ns);
            }
            Assert.Contains(list.Items, c => c.Metadata.Name == "kube-root-ca.crt");
            var watch = WatchRecorder<V1ConfigMap>.Start((onError, ct) =>
                client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));
            await using (watch)
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), Ns);
                await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), Ns);
                Assert.Equal("a", (await watch.NextAsync()).Object.Metadata.Name);
                var b = await watch.NextAsync();
                Assert.Equal("b", b.Object.Metadata.Name);
                lastSeen = b.Object.Metadata.ResourceVersion;

                Assert.Equal(0, await server.StopAsync());

                // The server closed the stream (cleanly or by dropping the connection); either way it ended.
                var ended = await Task.WhenAny(watch.Ended, Task.Delay(TimeSpan.FromSeconds(10)));
                Assert.True(ended == watch.Ended, "the watch was still open 10 s after the server stopped");
                Assert.Empty(await watch.DrainAsync(TimeSpan.Zero));
            }
        }

        await server.RestartAsync();
        using var after = server.Client();
        var c = await after.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), Ns);
        var bNow = await after.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"changed"}}""", V1Patch.PatchType.MergePatch), "b", Ns);
        await after.CoreV1.DeleteNamespacedConfigMapAsync("a", Ns);

        await using var resumed = WatchRecorder<V1ConfigMap>.Start((onError, ct) =>
            after.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: lastSeen, onError: onError, cancellationToken: ct));

        var e1 = await resumed.NextAsync();
        var e2 = await resumed.NextAsync();
        var e3 = await resumed.NextAsync();
        Assert.Equal(
            ["Added c", "Modified b", "Deleted a"],
            new[] { e1, e2, e3 }.Select(e => $"{e.Type} {e.Object.Metadata.Name}"));
        Assert.Equal(c.Metadata.ResourceVersion, e1.Object.Metadata.ResourceVersion);
        Assert.Equal(bNow.Metadata.ResourceVersion, e2.Object.Metadata.ResourceVersion);
        Assert.True(Rv(e3.Object) > Rv(bNow));

        var d = await after.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("d"), Ns);
        var e4 = await resumed.NextAsync();
        Assert.Equal("Added d", $"{e4.Type} {e4.Object.Metadata.Name}");
        Assert.Equal(d.Metadata.ResourceVersion, e4.Object.Metadata.ResourceVersion);
        Assert.Empty(resumed.Errors);
    }
}
