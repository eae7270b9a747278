using System.Diagnostics;
using Dotkube.E2E.Harness;
using Dotkube.Storage.Tests.Etcd;
using k8s;
using Xunit.Abstractions;

namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// The controllers' and scheduler's failover with upstream's default leader election (15 s lease, 10 s renew
/// deadline, 2 s retry), measured from kill -9 of the leader. client-go's elector (which dotkube's follows) counts
/// the lease from when the candidate saw the last renewal, and polls every retry period with up to 1.2× jitter:
/// the takeover comes 15 s after that sighting plus up to one jittered retry, i.e. between 15 s and 15 + 2 × 4.4 s
/// after the kill. About 50 s in all, so it is a <see cref="SlowFactAttribute"/>; the numbers go to bench/RESULTS.md.
/// </summary>
public sealed class LeaderFailoverMeasurementTests(ITestOutputHelper output)
{
    [SlowFact]
    public async Task With_upstream_default_leases_the_other_server_takes_over_once_the_lease_expires()
    {
        await using var etcd = await EtcdServer.StartAsync();
        string[] args = ["--datastore", etcd.Datastore, "--simulated-nodes", "0"];
        await using var first = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = args });
        using var viaFirst = first.Client();
        var leaderIdentity = await HolderAsync(viaFirst, "kube-controller-manager", TimeSpan.FromSeconds(10));
        await using var second = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = args });
        using var viaSecond = second.Client();

        first.Kill();
        var killed = Stopwatch.StartNew();
        var killedAt = DateTime.UtcNow;
        var lastRenewals = (await viaSecond.CoordinationV1.ListNamespacedLeaseAsync("kube-system")).Items
            .Where(l => l.Metadata.Name is "kube-controller-manager" or "kube-scheduler")
            .ToDictionary(l => l.Metadata.Name, l => l.Spec.RenewTime ?? killedAt);
        var taken = new Dictionary<string, TimeSpan>();
        while (taken.Count < 2)
        {
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(30), $"no takeover {killed.Elapsed} after the leader died");
            foreach (var name in new[] { "kube-controller-manager", "kube-scheduler" })
            {
                if (!taken.ContainsKey(name) && await HolderAsync(viaSecond, name, TimeSpan.Zero) is { } holder && holder != leaderIdentity)
                {
                    taken[name] = killed.Elapsed;
                }
            }

            await Task.Delay(100);
        }

        foreach (var (name, after) in taken)
        {
            var sinceRenewal = after + (killedAt - lastRenewals[name]);
            output.WriteLine($"{name}: the second server took the Lease {after.TotalSeconds:F1} s after kill -9 of the leader, {sinceRenewal.TotalSeconds:F1} s after its last renewal (lease 15 s, retry 2 s)");
            Assert.True(after >= TimeSpan.FromSeconds(15) - (killedAt - lastRenewals[name]), $"{name} was taken over after {after}, before the lease could expire");
            Assert.True(after <= TimeSpan.FromSeconds(15 + (2 * 4.4)), $"{name} was taken over after {after}, later than client-go's elector would");
        }
    }

    private static async Task<string?> HolderAsync(Kubernetes client, string name, TimeSpan wait)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var leases = await client.CoordinationV1.ListNamespacedLeaseAsync("kube-system");
            var holder = leases.Items.FirstOrDefault(l => l.Metadata.Name == name)?.Spec.HolderIdentity;
            if (!string.IsNullOrEmpty(holder) || waited.Elapsed >= wait)
            {
                return string.IsNullOrEmpty(holder) ? null : holder;
            }

            await Task.Delay(100);
        }
    }
}
