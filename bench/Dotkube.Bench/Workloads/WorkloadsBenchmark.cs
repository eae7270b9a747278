using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dotkube.Bench.Api;
using Dotkube.Client;
using Dotkube.Client.Informers;
using Dotkube.Client.Serialization;
using k8s.Models;
using static Dotkube.Bench.BenchSupport;

namespace Dotkube.Bench.Workloads;

/// <summary>
/// Issue 6's figures on a `dotkube server --simulated-nodes N` process: (a) a Deployment of
/// R replicas from creation to every pod Running and Ready, against creating R bare pods through
/// the API (the write floor for that many objects) in the same run; (b) the process's memory at P
/// pods against the same process idle with its nodes; (c) pods through Dotkube.Client's informer
/// (list + watch, cache, handler) against decoding the raw watch stream of the same pods.
/// </summary>
internal static class WorkloadsBenchmark
{
    public const string Usage = "Deployment to Ready on simulated nodes, memory, informer throughput [--nodes 1000] [--replicas 10000] [--pods 30000] [--datastore sqlite|memory] [--dotkube PATH] [--timeout-minutes 30]";

    private const int Writers = 16;

    private const string RatioPlaceholder = "{ratio of a to a0}";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var nodes = (int)args.Double("nodes", 1000);
        var replicas = (int)args.Double("replicas", 10000);
        var total = (int)args.Double("pods", 30000);
        var datastore = args.String("datastore", "sqlite");
        var timeout = TimeSpan.FromMinutes(args.Double("timeout-minutes", 30));
        var root = RepositoryRoot();
        var dotkube = args.String("dotkube", Path.Combine(root, "src", "Dotkube", "bin", "Release", "net10.0", "dotkube"));
        var dir = Directory.CreateTempSubdirectory("dotkube-bench-workloads-").FullName;
        var port = Posix.FreeLoopbackPort();
        Console.WriteLine($"Machine: {Machine.Describe()}, load average at start {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine($"Command: `dotnet run -c Release --project bench/Dotkube.Bench -- workloads --nodes {nodes} --replicas {replicas} --pods {total} --datastore {datastore}`");
        Console.WriteLine($"Server: `dotkube server --simulated-nodes {nodes} --datastore {datastore}` as its own process ({dotkube}, built {File.GetLastWriteTimeUtc(dotkube):yyyy-MM-dd HH:mm} UTC)");
        Console.WriteLine();
        await using var server = ServedProcess.Start(dotkube,
            ["server", "--data-dir", dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--datastore", datastore, "--simulated-nodes", nodes.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string>(), ApiBenchmark.ReadyText);
        var rows = new List<string>();
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromMinutes(5));
            using var client = KubeApiClient.FromKubeconfig(Path.Combine(dir, "kubeconfig"));

            Progress($"waiting for {nodes} nodes to be Ready");
            var nodesReady = await TimeAsync(() => UntilAsync(async () =>
            {
                var list = await client.ListAllAsync<V1Node>(ResourceType.Nodes, null);
                var ready = list.Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
                return (ready >= nodes, $"{ready}/{nodes} nodes ready");
            }, timeout));
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idle = await MemoryAsync(server.Id);
            rows.Add(Row("n", $"{nodes} simulated nodes registered and Ready (from server ready)", $"{nodesReady.TotalSeconds:F1} s", "", ""));

            Progress($"(a) Deployment of {replicas} replicas to all Ready");
            var cpuA = CpuMeter.Start(server.Id);
            var a = await TimeAsync(async () =>
            {
                await client.Resource<V1Deployment>(ResourceType.Deployments).CreateAsync(Deployment(replicas));
                await UntilReadyAsync(client, replicas, timeout);
            });
            var cpuUsed = cpuA.Stop();
            var (running, ready) = await CountPodsAsync(client);
            rows.Add(Row("a", $"Deployment of {replicas:N0} replicas created → all {running:N0} pods Running, {ready:N0} Ready on {nodes:N0} simulated nodes", $"{a.TotalSeconds:F1} s ({replicas / a.TotalSeconds:F0} pods/s); server CPU {cpuUsed.Server.TotalSeconds:F0} s = {cpuUsed.Server.TotalMilliseconds / replicas:F1} ms per pod", RatioPlaceholder, "a0"));

            Progress($"(b) scaling to {total} pods");
            var b = await TimeAsync(async () =>
            {
                await client.Resource<V1Deployment>(ResourceType.Deployments).PatchAsync("default", "bench", PatchType.Merge, $"{{\"spec\":{{\"replicas\":{total}}}}}");
                await UntilReadyAsync(client, total, timeout);
            });
            rows.Add(Row("b0", $"same process idle: {nodes:N0} nodes, no pods (RSS; GC heap)", idle.Text, "1.00", "b0"));
            rows.Add(Row("b1", $"scale the Deployment {replicas:N0} → {total:N0}, to all Ready", $"{b.TotalSeconds:F1} s ({(total - replicas) / b.TotalSeconds:F0} pods/s)", "", ""));
            await Task.Delay(TimeSpan.FromSeconds(10));
            var loaded = await MemoryAsync(server.Id);
            rows.Add(Row("b", $"whole process at {total:N0} Running pods and {nodes:N0} nodes (RSS; GC heap) — {(loaded.Rss - idle.Rss) / 1024.0 / total:F1} KB RSS per pod", loaded.Text, $"{(double)loaded.Rss / idle.Rss:F2}", "b0 RSS"));

            Progress("(c0) raw watch stream decoding");
            var (rawEvents, raw) = await RawWatchAsync(client, total);
            rows.Add(Row("c0", $"raw watch stream from resourceVersion=0 (initial ADDED events), lines decoded to V1Pod with System.Text.Json", $"{rawEvents:N0} events in {raw.TotalSeconds:F2} s = {rawEvents / raw.TotalSeconds:F0} events/s", "1.00", "c0"));
            Progress("(c) informer");
            var (informerEvents, informed) = await InformerAsync(client, total);
            rows.Add(Row("c", "Dotkube.Client Informer<V1Pod>: paged list + watch, cache and indexes, one handler counting its notifications", $"{informerEvents:N0} events in {informed.TotalSeconds:F2} s = {informerEvents / informed.TotalSeconds:F0} events/s", $"{informerEvents / informed.TotalSeconds / (rawEvents / raw.TotalSeconds):F2}", "c0"));

            // Last, so its pods (left in place: deleting 10,000 pods is slow) do not count in (b) or (c).
            Progress($"(a0) creating {replicas} bare pods, {Writers} writers");
            await client.Resource<V1Namespace>(ResourceType.Namespaces).CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "baseline" } });
            var cpuBare = CpuMeter.Start(server.Id);
            var bare = await TimeAsync(() => CreateBarePodsAsync(client, replicas));
            var bareCpu = cpuBare.Stop();
            rows.Insert(1, Row("a0", $"create {replicas:N0} bare pods through the API, {Writers} concurrent writers (nobody schedules or runs them)", $"{bare.TotalSeconds:F1} s ({replicas / bare.TotalSeconds:F0} pods/s); server CPU {bareCpu.Server.TotalSeconds:F0} s = {bareCpu.Server.TotalMilliseconds / replicas:F1} ms per pod", "1.00", "a0"));

            for (var i = 0; i < rows.Count; i++)
            {
                rows[i] = rows[i].Replace(RatioPlaceholder, Ratio(a, bare), StringComparison.Ordinal);
            }
            Console.WriteLine("| | measurement | result | ratio | against |");
            Console.WriteLine("|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or KubeApiException or HttpRequestException)
        {
            Console.Error.WriteLine($"workloads benchmark failed: {e}\n--- server output ---\n{server.Tail()}");
            Console.WriteLine("Measured before it failed:");
            rows.ForEach(Console.WriteLine);
            return 1;
        }
        finally
        {
            await server.StopAsync(TimeSpan.FromSeconds(20));
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task CreateBarePodsAsync(KubeApiClient client, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var pod = new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = $"bare-{i}", NamespaceProperty = "baseline", Labels = new Dictionary<string, string> { ["app"] = "bare" } },
                    // A scheduler of nobody's: the pods stay where the API put them.
                    Spec = new V1PodSpec { SchedulerName = "nobody", Containers = [new V1Container { Name = "c", Image = "pause" }] },
                };
                await client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(pod);
            }
        }));
    }

    private static V1Deployment Deployment(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "bench", NamespaceProperty = "default" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "bench" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "bench" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "pause" }] },
            },
        },
    };

    private static Task UntilReadyAsync(KubeApiClient client, int replicas, TimeSpan timeout) => UntilAsync(async () =>
    {
        var d = await client.GetAsync<V1Deployment>(ResourceType.Deployments, "default", "bench");
        var s = d.Status;
        return (s?.ReadyReplicas == replicas && s.UpdatedReplicas == replicas && s.Replicas == replicas,
            $"replicas {s?.Replicas}, updated {s?.UpdatedReplicas}, ready {s?.ReadyReplicas} of {replicas}");
    }, timeout);

    private static async Task<(int Running, int Ready)> CountPodsAsync(KubeApiClient client)
    {
        var pods = await client.ListAllAsync<V1Pod>(ResourceType.Pods, "default");
        return (pods.Items.Count(p => p.Status?.Phase == "Running"),
            pods.Items.Count(p => p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true));
    }

    private static async Task<(int Events, TimeSpan Elapsed)> RawWatchAsync(KubeApiClient client, int expected)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/default/pods?watch=true&resourceVersion=0");
        using var response = await client.SendAsync(request, streaming: true, CancellationToken.None);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = 0;
        while (events < expected && await reader.ReadLineAsync() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var pod = doc.RootElement.GetProperty("object").Deserialize<V1Pod>(KubeJson.Options);
            if (pod?.Metadata?.Name is not null)
            {
                events++;
            }
        }
        return (events, watch.Elapsed);
    }

    private static async Task<(int Events, TimeSpan Elapsed)> InformerAsync(KubeApiClient client, int expected)
    {
        var events = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        await using var informer = new Informer<V1Pod>(client, ResourceType.Pods, new InformerOptions { Namespace = "default" });
        using var handler = informer.AddHandler(onAdd: (_, _) =>
        {
            if (Interlocked.Increment(ref events) == expected)
            {
                done.TrySetResult();
            }
        });
        informer.Start();
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        return (events, watch.Elapsed);
    }

    private static async Task<(long Rss, string Text)> MemoryAsync(int pid)
    {
        var rss = ProcessMemory.ResidentBytes(pid);
        var counters = await ProcessMemory.RuntimeCountersAsync(pid);
        // The generations' sizes after the last collection add up to the GC heap.
        var heap = counters.Where(c => c.Key.StartsWith("dotnet.gc.last_collection.heap.size", StringComparison.Ordinal)).Sum(c => c.Value);
        return (rss, $"{rss / 1024.0 / 1024:F0} MB RSS; " + (heap > 0 ? $"{heap / 1024 / 1024:F0} MB GC heap" : "GC heap unknown (no dotnet-counters)"));
    }

    private static string Ratio(TimeSpan x, TimeSpan baseline) => (x.TotalSeconds / baseline.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>How often this benchmark polls what it waits for.</summary>
    private static Task UntilAsync(Func<Task<(bool Done, string State)>> probe, TimeSpan timeout) => BenchSupport.UntilAsync(probe, timeout, TimeSpan.FromSeconds(1));
}
