using System.Diagnostics;
using System.Globalization;
using Dotkube.Scheduler;
using k8s.Models;

namespace Dotkube.Bench.Scheduler;

/// <summary>
/// Scheduling throughput in memory: N nodes (4 CPU, 32Gi, 110 pods, like scheduler_perf's default
/// node), then P pods (100m CPU, 500Mi, like its default pod) queued at once and scheduled by one
/// scheduling loop with a binder that confirms each bind straight back into the cache (no API).
/// The anti-affinity shape gives pods in groups of 3 (a Consul-like StatefulSet) required
/// hostname anti-affinity against their own group.
/// </summary>
internal static class SchedulerBenchmark
{
    public const string Usage = "pods/s scheduled in memory [--pods 30000] [--nodes 1000,5000] [--shapes plain,anti-affinity]";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var pods = (int)args.Double("pods", 30000);
        var nodeCounts = args.String("nodes", "1000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var shapes = args.String("shapes", "plain,anti-affinity").Split(',');
        Console.WriteLine($"Machine: {Machine.Describe()}");
        Console.WriteLine();
        Console.WriteLine("| nodes | pods | shape | scheduled | wall s | CPU s | pods/s (wall) | pods per CPU-second | p50 / p99 attempt |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var nodes in nodeCounts)
        {
            foreach (var shape in shapes)
            {
                var r = await RunOneAsync(nodes, pods, shape == "anti-affinity").ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {nodes} | {pods} | {shape} | {r.Scheduled} | {r.Seconds:F1} | {r.CpuSeconds:F1} | {r.Scheduled / r.Seconds:F0} | {r.Scheduled / r.CpuSeconds:F0} | {r.P50Ms:F2} / {r.P99Ms:F2} ms |"));
            }
        }

        return 0;
    }

    private static async Task<(int Scheduled, double Seconds, double CpuSeconds, double P50Ms, double P99Ms)> RunOneAsync(int nodeCount, int podCount, bool antiAffinity)
    {
        var sink = new CountingSink();
        Dotkube.Scheduler.Scheduler? scheduler = null;
        var binder = new LoopbackBinder(() => scheduler!);
        scheduler = new Dotkube.Scheduler.Scheduler(new SchedulerOptions { Binder = binder, Sink = sink, Random = new Random(42) });
        for (var i = 0; i < nodeCount; i++)
        {
            scheduler.OnNodeAdd(Node($"node-{i:D5}", i));
        }

        for (var i = 0; i < podCount; i++)
        {
            scheduler.OnPodAdd(Pod(i, antiAffinity));
        }

        var latencies = new List<double>(podCount);
        // The machine is shared: CPU time shows the cost even when other processes take the cores.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (!await scheduler.ScheduleOneAsync().ConfigureAwait(false))
            {
                break;
            }

            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        total.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        latencies.Sort();
        return (binder.Bound, total.Elapsed.TotalSeconds, cpu, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    private static V1Node Node(string name, int i) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = "zone-" + (i % 3) },
        },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("32Gi"), ["pods"] = new("110") },
        },
    };

    private static V1Pod Pod(int i, bool antiAffinity)
    {
        var group = "g" + (i / 3).ToString(CultureInfo.InvariantCulture);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "pod-" + i.ToString(CultureInfo.InvariantCulture), NamespaceProperty = "bench", Uid = "uid-" + i.ToString(CultureInfo.InvariantCulture), Labels = new Dictionary<string, string> { ["app"] = group } },
            Spec = new V1PodSpec
            {
                SchedulerName = "default-scheduler",
                Containers = [new V1Container { Name = "c", Image = "pause", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("500Mi") } } }],
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
                        new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = group } } },
                    ],
                },
            };
        }

        return pod;
    }

    /// <summary>Confirms each binding the way the informer would: the bound pod comes back as an update.</summary>
    private sealed class LoopbackBinder(Func<Dotkube.Scheduler.Scheduler> scheduler) : IPodBinder
    {
        public int Bound { get; private set; }

        public Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
        {
            var bound = new V1Pod { Metadata = pod.Metadata, Spec = ShallowCopy(pod.Spec, nodeName), Status = pod.Status };
            scheduler().OnPodUpdate(pod, bound);
            Bound++;
            return Task.CompletedTask;
        }

        private static V1PodSpec ShallowCopy(V1PodSpec spec, string nodeName) => new()
        {
            Containers = spec.Containers,
            Affinity = spec.Affinity,
            SchedulerName = spec.SchedulerName,
            NodeName = nodeName,
        };
    }

    private sealed class CountingSink : ISchedulingResultSink
    {
        public int Failed { get; private set; }

        public Task ScheduledAsync(V1Pod pod, string nodeName, string message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task FailedAsync(V1Pod pod, SchedulingFailure failure, CancellationToken cancellationToken)
        {
            Failed++;
            return Task.CompletedTask;
        }
    }
}
