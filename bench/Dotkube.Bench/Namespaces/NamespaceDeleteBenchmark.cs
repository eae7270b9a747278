using System.Diagnostics;
using System.Globalization;
using Dotkube.Bench.Api;
using Dotkube.Client;
using k8s.Models;
using static Dotkube.Bench.BenchSupport;

namespace Dotkube.Bench.Namespaces;

/// <summary>
/// Deleting a namespace that holds P pods running on simulated nodes (the namespace controller's
/// DELETE collection calls, the simulated kubelets finishing each pod's graceful termination,
/// the finalizer removed) against the same P pods deleted by plain DELETE calls from 16
/// concurrent clients until the last one is gone, in the same run on the same server.
/// </summary>
internal static class NamespaceDeleteBenchmark
{
    public const string Usage = "delete a namespace of P running pods vs P plain deletes [--nodes 100] [--pods 10000] [--datastore sqlite|memory] [--dotkube PATH] [--timeout-minutes 20]";

    private const int Writers = 16;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var nodes = (int)args.Double("nodes", 100);
        var pods = (int)args.Double("pods", 10000);
        var datastore = args.String("datastore", "sqlite");
        var timeout = TimeSpan.FromMinutes(args.Double("timeout-minutes", 20));
        var dotkube = args.String("dotkube", Path.Combine(RepositoryRoot(), "src", "Dotkube", "bin", "Release", "net10.0", "dotkube"));
        var dir = Directory.CreateTempSubdirectory("dotkube-bench-nsdelete-").FullName;
        var port = Posix.FreeLoopbackPort();
        Console.WriteLine($"Machine: {Machine.Describe()}, load average at start {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine($"Command: `dotnet run -c Release --project bench/Dotkube.Bench -- namespace-delete --nodes {nodes} --pods {pods} --datastore {datastore}`");
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
            var nodeNames = await ReadyNodesAsync(client, nodes, timeout);

            Progress($"(d0) {pods} pods on {nodes} nodes, then {pods} plain deletes");
            await FillAsync(client, "plain", pods, nodeNames, timeout);
            var cpu0 = CpuMeter.Start(server.Id);
            var plain = await TimeAsync(async () =>
            {
                await ForEachAsync(pods, async i =>
                {
                    try
                    {
                        await client.DeleteAsync(ResourceType.Pods, "plain", PodName(i));
                    }
                    catch (KubeApiException e) when (e.IsNotFound)
                    {
                        // Already gone: the goal of the delete.
                    }
                });
                await UntilAsync(async () => await CountAsync(client, "plain") is var left && left == 0 ? (true, "") : (false, $"{left} pods left"), timeout);
            });
            var plainCpu = cpu0.Stop();
            rows.Add(Row("d0", $"{pods:N0} pods Running on {nodes} simulated nodes deleted by {pods:N0} plain DELETE calls ({Writers} clients), until the last is gone", $"{plain.TotalSeconds:F1} s ({pods / plain.TotalSeconds:F0} pods/s); server CPU {plainCpu.Server.TotalSeconds:F0} s", "1.00", "d0"));

            Progress($"(d) namespace of {pods} pods deleted");
            await FillAsync(client, "doomed", pods, nodeNames, timeout);
            var cpu = CpuMeter.Start(server.Id);
            var byNamespace = await TimeAsync(async () =>
            {
                await client.DeleteAsync(ResourceType.Namespaces, null, "doomed");
                await UntilAsync(async () =>
                {
                    var ns = await client.TryGetAsync<V1Namespace>(ResourceType.Namespaces, null, "doomed");
                    return ns is null ? (true, "") : (false, $"{await CountAsync(client, "doomed")} pods left; {Conditions(ns)}");
                }, timeout);
            });
            var nsCpu = cpu.Stop();
            rows.Add(Row("d", $"`kubectl delete namespace` of the same {pods:N0} Running pods, until the namespace is gone (the controller's 5 s grace before acting included)", $"{byNamespace.TotalSeconds:F1} s ({pods / byNamespace.TotalSeconds:F0} pods/s); server CPU {nsCpu.Server.TotalSeconds:F0} s", $"{byNamespace.TotalSeconds / plain.TotalSeconds:F2}", "d0"));

            Console.WriteLine("| | measurement | result | ratio | against |");
            Console.WriteLine("|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or KubeApiException or HttpRequestException)
        {
            Console.Error.WriteLine($"namespace-delete benchmark failed: {e}\n--- server output ---\n{server.Tail()}");
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

    private static string PodName(int i) => $"p-{i}";

    private static string Conditions(V1Namespace ns) =>
        string.Join("; ", (ns.Status?.Conditions ?? []).Where(c => c.Status == "True").Select(c => c.Message));

    private static async Task<IReadOnlyList<string>> ReadyNodesAsync(KubeApiClient client, int nodes, TimeSpan timeout)
    {
        IReadOnlyList<string> names = [];
        await UntilAsync(async () =>
        {
            var list = await client.ListAllAsync<V1Node>(ResourceType.Nodes, null);
            names = [.. list.Items.Where(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).Select(n => n.Metadata.Name)];
            return (names.Count >= nodes, $"{names.Count}/{nodes} nodes ready");
        }, timeout);
        return names;
    }

    /// <summary>A namespace of <paramref name="count"/> pods bound straight to the nodes (no scheduler in the way), waited on until Running.</summary>
    private static async Task FillAsync(KubeApiClient client, string ns, int count, IReadOnlyList<string> nodes, TimeSpan timeout)
    {
        await client.Resource<V1Namespace>(ResourceType.Namespaces).CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        // Pods are admitted once the namespace has its default service account.
        await UntilAsync(async () => (await client.TryGetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, ns, "default") is not null, "no default service account yet"), timeout);
        await ForEachAsync(count, i => client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = PodName(i), NamespaceProperty = ns },
            Spec = new V1PodSpec
            {
                NodeName = nodes[i % nodes.Count],
                Containers = [new V1Container { Name = "c", Image = "pause" }],
                // A loaded machine may miss node heartbeats: the pods stay rather than being evicted mid-run.
                Tolerations =
                [
                    new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
                    new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
                ],
            },
        }));
        await UntilAsync(async () =>
        {
            var list = await client.ListAllAsync<V1Pod>(ResourceType.Pods, ns);
            var running = list.Items.Count(p => p.Status?.Phase == "Running");
            return (running == count, $"{ns}: {running}/{count} pods Running");
        }, timeout);
    }

    private static async Task<int> CountAsync(KubeApiClient client, string ns) =>
        (await client.ListAllAsync<PartialObjectMetadata>(ResourceType.Pods, ns)).Items.Count;

    private static Task ForEachAsync(int count, Func<int, Task> action)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
            }
        }));
    }

    /// <summary>How often this benchmark polls what it waits for.</summary>
    private static Task UntilAsync(Func<Task<(bool Done, string State)>> probe, TimeSpan timeout) => BenchSupport.UntilAsync(probe, timeout, TimeSpan.FromMilliseconds(250));
}
