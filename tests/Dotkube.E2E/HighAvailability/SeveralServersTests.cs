using System.Diagnostics;
using Dotkube.E2E.Client;
using Dotkube.E2E.Harness;
using Dotkube.Storage.Tests.Etcd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// Two dotkube servers on one etcd: each sees the other's writes in its watches, one of them runs
/// the controllers and the scheduler (their Leases say which), and when that one is killed the
/// other takes over within the lease duration plus the retry period.
/// </summary>
public sealed class SeveralServersTests(ITestOutputHelper output)
{
    // Short leases keep the test quick; upstream's defaults are 15 s / 10 s / 2 s.
    private static readonly string[] Election =
        ["--leader-elect-lease-duration", "4s", "--leader-elect-renew-deadline", "3s", "--leader-elect-retry-period", "1s"];

    [Fact]
    public async Task Writes_through_one_server_reach_the_others_watches_and_the_controllers_fail_over_when_the_leader_dies()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var first = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore, "--simulated-nodes", "2", .. Election] });
        await using var second = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--datastore", etcd.Datastore, "--simulated-nodes", "0", .. Election] });
        using var viaFirst = first.Client();
        using var viaSecond = second.Client();

        var ns = await CreateNamespaceAsync(viaFirst, "ha");
        var list = await viaSecond.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using (var watch = WatchRecorder<V1ConfigMap>.Start((onError, ct) =>
            viaSecond.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, onError: onError, cancellationToken: ct)))
        {
            await viaFirst.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("from-first"), ns);
            var seen = await WaitForAsync(watch, "from-first");
            Assert.Equal(WatchEventType.Added, seen);
        }

        var leaders = await HoldersAsync(viaSecond);
        Assert.Equal(leaders["kube-controller-manager"], leaders["kube-scheduler"]);
        var firstIdentity = leaders["kube-controller-manager"];

        first.Kill();
        var killed = Stopwatch.StartNew();
        await viaSecond.AppsV1.CreateNamespacedDeploymentAsync(Deployment("after-failover", replicas: 2), ns);

        // The second server's controllers take the lease once it expires, then make the pods.
        while ((await HoldersAsync(viaSecond))["kube-controller-manager"] == firstIdentity)
        {
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(4 + 1 + 5), $"the lease was not taken over {killed.Elapsed} after the leader died");
            await Task.Delay(200);
        }
        var takeover = killed.Elapsed;
        output.WriteLine($"the second server took the controller-manager lease {takeover.TotalSeconds:F1} s after the leader was killed (lease 4 s, retry 1 s)");
        for (var tries = 0; ; tries++)
        {
            var pods = await viaSecond.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=after-failover");
            if (pods.Items.Count == 2)
            {
                break;
            }
            Assert.True(tries < 100, $"the deployment made {pods.Items.Count} pods 20 s after the takeover at {takeover}");
            await Task.Delay(200);
        }
        Assert.NotEqual(firstIdentity, (await HoldersAsync(viaSecond))["kube-scheduler"]);
    }

    private static async Task<Dictionary<string, string>> HoldersAsync(Kubernetes client)
    {
        var leases = await client.CoordinationV1.ListNamespacedLeaseAsync("kube-system");
        return leases.Items
            .Where(l => l.Metadata.Name is "kube-controller-manager" or "kube-scheduler")
            .ToDictionary(l => l.Metadata.Name, l => l.Spec.HolderIdentity ?? "");
    }

    private static async Task<WatchEventType> WaitForAsync(WatchRecorder<V1ConfigMap> watch, string name)
    {
        while (true)
        {
            var (type, obj) = await watch.NextAsync();
            if (obj.Metadata.Name == name)
            {
                return type;
            }
        }
    }
}
