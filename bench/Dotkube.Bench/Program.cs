using Dotkube.Bench;
using Dotkube.Bench.Storage;

// One subcommand per area; each lives in its own folder. Add new ones to this table.
var commands = new Dictionary<string, (string Help, Func<BenchArgs, Task<int>> Run)>(StringComparer.Ordinal)
{
    ["storage"] = ("store throughput, list and watch latency against raw SQLite [--seconds N] [--dir PATH]", StorageBenchmark.RunAsync),
    ["storage-crash"] = ("kill -9 a writing process and check no acknowledged write was lost [--seconds N] [--dir PATH]", CrashCheck.RunAsync),
    ["api"] = (Dotkube.Bench.Api.ApiBenchOptions.Usage, Dotkube.Bench.Api.ApiBenchmark.RunAsync),
    ["scheduler"] = (Dotkube.Bench.Scheduler.SchedulerBenchmark.Usage, Dotkube.Bench.Scheduler.SchedulerBenchmark.RunAsync),
    ["scheduler-api"] = (Dotkube.Bench.Scheduler.SchedulerApiBenchmark.Usage, Dotkube.Bench.Scheduler.SchedulerApiBenchmark.RunAsync),
    ["workloads"] = (Dotkube.Bench.Workloads.WorkloadsBenchmark.Usage, Dotkube.Bench.Workloads.WorkloadsBenchmark.RunAsync),
    ["extensions"] = (Dotkube.Bench.Extensions.ExtensionsBenchmark.Usage, Dotkube.Bench.Extensions.ExtensionsBenchmark.RunAsync),
    ["namespace-delete"] = (Dotkube.Bench.Namespaces.NamespaceDeleteBenchmark.Usage, Dotkube.Bench.Namespaces.NamespaceDeleteBenchmark.RunAsync),
    ["etcd"] = (Dotkube.Bench.Etcd.EtcdBenchmark.Usage, Dotkube.Bench.Etcd.EtcdBenchmark.RunAsync),
    [CrashCheck.ChildCommand] = ("(internal) the writer process of storage-crash", CrashCheck.RunChildAsync),
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: Dotkube.Bench <command> [options]");
    foreach (var (name, (help, _)) in commands)
    {
        Console.Error.WriteLine($"  {name,-20} {help}");
    }

    return 2;
}

return await command.Run(new BenchArgs(args[1..]));
