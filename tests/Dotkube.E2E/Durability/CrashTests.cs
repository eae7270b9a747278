using System.Collections.Concurrent;
using System.Diagnostics;
using Dotkube.E2E.Harness;
using Xunit.Abstractions;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Durability;

/// <summary>kill -9 in the middle of a stream of writes: every acknowledged write survives, as it was acknowledged.</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const string Ns = "crash";

    private sealed record Acknowledged(string Name, string ResourceVersion, string Value);

    [Fact]
    public async Task Every_acknowledged_create_and_update_survives_a_kill_during_concurrent_writes()
    {
        await using var server = await DotkubeServer.StartAsync();
        using (var setup = server.Client())
        {
            await setup.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
            await setup.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("counter", new Dictionary<string, string> { ["n"] = "0" }), Ns);
        }

        var acknowledged = new ConcurrentBag<Acknowledged>();
        var failuresBeforeKill = new ConcurrentQueue<Exception>();
        var killed = 0;
        var lastCounter = (Value: 0, ResourceVersion: "");
        var counterLock = new Lock();
        using var client = server.Client();

        async Task CreateLoopAsync(int writer)
        {
            for (var i = 0; Volatile.Read(ref killed) == 0; i++)
            {
                var name = $"w{writer}-{i}";
                var value = $"{writer}:{i}";
                try
                {
                    var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, new Dictionary<string, string> { ["v"] = value }), Ns);
                    acknowledged.Add(new Acknowledged(name, created.Metadata.ResourceVersion, value));
                }
                catch (Exception) when (Volatile.Read(ref killed) != 0)
                {
                    // Cut off by the kill: neither acknowledged nor a failure.
                    return;
                }
                catch (Exception e)
                {
                    failuresBeforeKill.Enqueue(e);
                    return;
                }
            }
        }

        async Task UpdateLoopAsync()
        {
            for (var n = 1; Volatile.Read(ref killed) == 0; n++)
            {
                try
                {
                    var patch = new V1Patch($$$"""{"data":{"n":"{{{n}}}"}}""", V1Patch.PatchType.MergePatch);
                    var updated = await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "counter", Ns);
                    lock (counterLock)
                    {
                        lastCounter = (n, updated.Metadata.ResourceVersion);
                    }
                }
                catch (Exception) when (Volatile.Read(ref killed) != 0)
                {
                    return;
                }
                catch (Exception e)
                {
                    failuresBeforeKill.Enqueue(e);
                    return;
                }
            }
        }

        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(() => CreateLoopAsync(w))).Append(Task.Run(UpdateLoopAsync)).ToArray();

        // Kill once a good number of writes are through (or after a few seconds on a slow machine).
        var clock = Stopwatch.StartNew();
        while (acknowledged.Count < 300 && clock.Elapsed < TimeSpan.FromSeconds(5) && failuresBeforeKill.IsEmpty)
        {
            await Task.Delay(20);
        }

        Volatile.Write(ref killed, 1);
        server.Kill();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(failuresBeforeKill.IsEmpty, "writes failed before the kill: " + string.Join(" | ", failuresBeforeKill.Select(e => e.Message)));
        Assert.True(acknowledged.Count >= Writers, $"only {acknowledged.Count} writes were acknowledged before the kill");

        output.WriteLine($"killed after {clock.ElapsedMilliseconds} ms with {acknowledged.Count} creates and {lastCounter.Value} updates acknowledged");
        await server.RestartAsync();
        using var after = server.Client();
        var stored = (await after.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.ToDictionary(c => c.Metadata.Name);

        var missing = acknowledged.Where(a => !stored.ContainsKey(a.Name)).Select(a => a.Name).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged creates are gone after kill -9: {string.Join(", ", missing.Take(20))}");
        foreach (var a in acknowledged)
        {
            var cm = stored[a.Name];
            Assert.True(a.ResourceVersion == cm.Metadata.ResourceVersion, $"{a.Name} was acknowledged at {a.ResourceVersion} but is stored at {cm.Metadata.ResourceVersion}");
            Assert.Equal(a.Value, cm.Data["v"]);
        }

        // The counter holds the last acknowledged update, or one after it that committed without its answer arriving.
        var counter = stored["counter"];
        var storedN = int.Parse(counter.Data["n"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(storedN, lastCounter.Value, lastCounter.Value + 1);
        if (storedN == lastCounter.Value && lastCounter.Value > 0)
        {
            Assert.Equal(lastCounter.ResourceVersion, counter.Metadata.ResourceVersion);
        }

        // Above everything stored, including creates that committed without their answer arriving.
        var highest = stored.Values.Max(Rv);
        output.WriteLine($"{stored.Count - 1 - acknowledged.Count} unacknowledged creates were stored; counter at {storedN}");
        var next = await after.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after-crash"), Ns);
        Assert.True(Rv(next) > highest, $"a write after the crash got {next.Metadata.ResourceVersion}, not above {highest}");
    }
}
