using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dotkube.Bench.Api;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using k8s.Models;
using static Dotkube.Bench.BenchSupport;

namespace Dotkube.Bench.Scheduler;

/// <summary>
/// Scheduling through the real API (issue 7's "p99 time from pod creation to binding"): a
/// <c>dotkube server</c> process with simulated nodes and its scheduler; pods created by 16 writers;
/// a watch records when each pod is first seen bound. The baseline, in the same run, is the same
/// creates for a scheduler nobody runs (what the API alone can take).
/// </summary>
internal static class SchedulerApiBenchmark
{
    public const string Usage = "scheduler-api [--nodes 1000] [--pods 5000] [--writers 16] [--dotkube PATH]: pods through the API to binding, plain and anti-affinity";

    private const string NoScheduler = "nobody";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var nodes = (int)args.Double("nodes", 1000);
        var pods = (int)args.Double("pods", 5000);
        var writers = (int)args.Double("writers", 16);
        var root = RepositoryRoot();
        var dotkube = args.String("dotkube", Path.Combine(root, "src", "Dotkube", "bin", "Release", "net10.0", "dotkube"));
        var dir = Directory.CreateTempSubdirectory("dotkube-bench-scheduler-").FullName;
        var port = Posix.FreeLoopbackPort();
        Console.WriteLine($"Machine: {Machine.Describe()}, load average at start {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine($"Command: `dotnet run -c Release --project bench/Dotkube.Bench -- scheduler-api --nodes {nodes} --pods {pods} --writers {writers}`");
        // Only the service-account and node lifecycle controllers (pods need their namespace's default
        // account; nodes lose their not-ready taint through the latter), and no
        // other controller should compete with the scheduler for the server's CPU.
        Console.WriteLine($"Server: `dotkube server --simulated-nodes {nodes} --controllers=serviceaccount,nodelifecycle` (Release build, sqlite)");
        Console.WriteLine();
        await using var server = ServedProcess.Start(dotkube,
            ["server", "--data-dir", dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--simulated-nodes", nodes.ToString(CultureInfo.InvariantCulture), "--controllers=serviceaccount,nodelifecycle"],
            new Dictionary<string, string>(), ApiBenchmark.ReadyText);
        await server.WaitReadyAsync(TimeSpan.FromMinutes(5));
        using var client = KubeApiClient.FromKubeconfig(Path.Combine(dir, "kubeconfig"));
        await UntilAsync(async () => (await client.ListAllAsync<V1Node>(ResourceType.Nodes, null)).Items.Count(Ready) >= nodes, TimeSpan.FromMinutes(10));

        var rows = new List<string>();
        var baseline = await CreateAsync(client, "baseline", pods, writers, NoScheduler, antiAffinity: false);
        var baseRate = pods / baseline.TotalSeconds;
        rows.Add($"| b | {pods:N0} pod creates, {writers} writers, for a scheduler nobody runs (API only) | {baseline.TotalSeconds:F1} s ({baseRate:F0} pods/s) | 1.00 | b |");
        foreach (var (id, anti) in new[] { ("p", false), ("a", true) })
        {
            var shape = anti ? "anti-affinity (groups of 3, required hostname anti-affinity within the group)" : "plain (100m CPU, 500Mi)";
            var run = await ScheduleAsync(client, server.Id, anti ? "anti" : "plain", pods, writers, anti);
            var rate = pods / run.Elapsed.TotalSeconds;
            rows.Add($"| {id} | {pods:N0} pods, {shape}, created by {writers} writers → all bound on {nodes:N0} nodes | {run.Elapsed.TotalSeconds:F1} s ({rate:F0} pods/s); creation → bound p50 {run.P50:F0} ms, p99 {run.P99:F0} ms; server CPU {run.ServerCpu.TotalMilliseconds / pods:F2} ms per pod | {rate / baseRate:F2} | b |");
        }
        Console.WriteLine("| | measurement | result | ratio | against |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private sealed record Run(TimeSpan Elapsed, double P50, double P99, TimeSpan ServerCpu);

    private static async Task<Run> ScheduleAsync(KubeApiClient client, int serverPid, string ns, int count, int writers, bool antiAffinity)
    {
        await EnsureNamespaceAsync(client, ns);
        Progress($"{ns}: creating {count} pods");
        var created = new ConcurrentDictionary<string, long>();
        var bound = new ConcurrentDictionary<string, long>();
        var allBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var list = await client.ListAllAsync<V1Pod>(ResourceType.Pods, ns);
        var watching = WatchBindingsAsync(client, ns, list.ResourceVersion, bound, count, allBound, stop.Token);
        var cpu = CpuMeter.Start(serverPid);
        var start = Stopwatch.GetTimestamp();
        await CreateAsync(client, ns, count, writers, null, antiAffinity, created);
        Progress($"{ns}: created; {bound.Count} bound so far");
        await allBound.Task.WaitAsync(TimeSpan.FromMinutes(30));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var use = cpu.Stop();
        await stop.CancelAsync();
        await watching;
        var latencies = created.Select(c => Stopwatch.GetElapsedTime(c.Value, bound[c.Key]).TotalMilliseconds).ToList();
        return new Run(elapsed, Stats.Quantile(latencies, 0.5), Stats.Quantile(latencies, 0.99), use.Server);
    }

    /// <summary>Records, by the client's clock, when each pod is first seen with a node.</summary>
    private static async Task WatchBindingsAsync(KubeApiClient client, string ns, string? resourceVersion,
        ConcurrentDictionary<string, long> bound, int expected, TaskCompletionSource allBound, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/namespaces/{ns}/pods?watch=true&allowWatchBookmarks=false&resourceVersion={resourceVersion}");
        using var response = await client.SendAsync(request, streaming: true, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var now = Stopwatch.GetTimestamp();
                using var doc = JsonDocument.Parse(line);
                var pod = doc.RootElement.GetProperty("object").Deserialize<V1Pod>(KubeJson.Options);
                if (pod?.Spec?.NodeName is { Length: > 0 } && pod.Metadata?.Name is { } name
                    && bound.TryAdd(name, now) && bound.Count == expected)
                {
                    allBound.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The phase is over.
        }
    }

    private static async Task<TimeSpan> CreateAsync(KubeApiClient client, string ns, int count, int writers, string? schedulerName,
        bool antiAffinity, ConcurrentDictionary<string, long>? created = null)
    {
        await EnsureNamespaceAsync(client, ns);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var pod = Pod(ns, i, schedulerName, antiAffinity);
                created?.TryAdd(pod.Metadata.Name, Stopwatch.GetTimestamp());
                await client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(pod);
            }
        }));
        return watch.Elapsed;
    }

    /// <summary>scheduler_perf's default pod; a start delay keeps the simulated kubelet from running it.</summary>
    private static V1Pod Pod(string ns, int i, string? schedulerName, bool antiAffinity)
    {
        var group = $"g{i / 3}";
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{ns}-{i}",
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string> { ["group"] = group },
                Annotations = new Dictionary<string, string> { ["sim.dotkube.io/start-delay"] = "1h" },
            },
            Spec = new V1PodSpec
            {
                SchedulerName = schedulerName,
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Image = "pause",
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("500Mi") },
                        },
                    },
                ],
            },
        };
        if (antiAffinity)
        {
            pod.Spec.Affinity = new V1Affinity
            {
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1PodAffinityTerm
                        {
                            TopologyKey = "kubernetes.io/hostname",
                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["group"] = group } },
                        },
                    ],
                },
            };
        }
        return pod;
    }

    private static async Task EnsureNamespaceAsync(KubeApiClient client, string ns)
    {
        try
        {
            await client.Resource<V1Namespace>(ResourceType.Namespaces).CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            return;
        }
        // Pods are admitted only once the namespace's default service account exists.
        await UntilAsync(async () => (await client.ListAllAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, ns)).Items.Any(a => a.Metadata.Name == "default"),
            TimeSpan.FromMinutes(2));
    }

    /// <summary>Ready, and the node lifecycle controller has lifted the not-ready taint it registered with.</summary>
    private static bool Ready(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true
        && node.Spec?.Taints?.Any(t => t.Key == "node.kubernetes.io/not-ready") != true;

    /// <summary>How often this benchmark polls what it waits for.</summary>
    private static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout) => BenchSupport.UntilAsync(probe, timeout, TimeSpan.FromMilliseconds(500));
}
