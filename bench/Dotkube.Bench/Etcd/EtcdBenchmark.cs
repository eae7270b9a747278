using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dotkube.Bench.Api;
using Dotkube.Storage;
using Dotkube.Storage.Etcd;
using Dotkube.Storage.Sqlite;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Dotkube.Bench.Etcd;

/// <summary>
/// <c>etcd</c>: the etcd datastore side by side in one run with the raw etcd put rate at the same
/// concurrency (a direct gRPC client loop), then dotkube's API creates on etcd and on SQLite.
/// </summary>
internal static class EtcdBenchmark
{
    public const string Usage = "etcd datastore against raw etcd puts, and API creates on etcd vs sqlite [--seconds N] [--warmup 5] [--clients 16] [--dotkube PATH] [--results PATH|none] [--profile DIR]";

    /// <summary>
    /// The API phases measure the API server's write path alone: no simulated nodes and no scheduler, whose
    /// bindings and status writes for the created pods would otherwise compete with the creates.
    /// </summary>
    private static readonly string[] ServerArgs = ["--simulated-nodes", "0", "--scheduler=false"];

    private const string Heading = "## Storage on etcd";
    private const string Namespace = "bench";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        if (!File.Exists(EtcdProcess.Binary))
        {
            Console.Error.WriteLine($"{EtcdProcess.Binary} is missing: apt-get install -y etcd-server");
            return 2;
        }

        var options = ApiBenchOptions.From(args);
        var seconds = options.Seconds;
        var warmUp = TimeSpan.FromSeconds(args.Double("warmup", 5));
        var clients = options.Clients;
        if (!File.Exists(options.DotkubePath))
        {
            Console.Error.WriteLine($"dotkube is not built at {options.DotkubePath}; run `dotnet build -c Release src/Dotkube` or pass --dotkube PATH");
            return 2;
        }

        var root = Directory.CreateTempSubdirectory("dotkube-bench-etcd-").FullName;
        try
        {
            var value = ApiBenchmark.RandomBytes(PodManifest.TargetBytes);
            await using var etcd = await EtcdProcess.StartAsync(Path.Combine(root, "etcd"));

            ApiBenchmark.Progress($"(e1) raw etcd puts, {clients} concurrent");
            var rawPuts = await RawAsync(etcd, clients, seconds, value, create: false);
            ApiBenchmark.Progress($"(e2) raw etcd create transactions, {clients} concurrent");
            var rawTxns = await RawAsync(etcd, clients, seconds, value, create: true);

            ApiBenchmark.Progress($"(s1) EtcdStore.CreateAsync, {clients} concurrent");
            Result storeEtcd, readsEtcd;
            await using (var store = await EtcdStore.OpenAsync(EtcdOptions.Parse(etcd.Datastore)))
            {
                storeEtcd = await LoopAsync(clients, seconds, (i, ct) => store.CreateAsync($"/bench/store/{i:D8}", value, ct));
                ApiBenchmark.Progress($"(s3) EtcdStore.GetAsync (quorum reads), {clients} concurrent");
                readsEtcd = await LoopAsync(clients, seconds, (i, ct) => store.GetAsync($"/bench/store/{1 + (i % 1000):D8}", 0, ct));
            }

            ApiBenchmark.Progress($"(s2) SqliteStore.CreateAsync, {clients} concurrent");
            Result storeSqlite;
            await using (var store = SqliteStore.Open(Path.Combine(root, "store.db")))
            {
                storeSqlite = await LoopAsync(clients, seconds, (i, ct) => store.CreateAsync($"/bench/store/{i:D8}", value, ct));
            }

            ApiBenchmark.Progress($"(a1) dotkube API creates on etcd, {clients} clients");
            var apiEtcd = await ApiCreatesAsync(options with { Datastore = etcd.Datastore }, Path.Combine(root, "api-etcd"), warmUp, etcd, "api-etcd");
            ApiBenchmark.Progress("(e3) raw etcd puts again, after the API load");
            var rawAfter = await RawAsync(etcd, clients, seconds, value, create: false);
            ApiBenchmark.Progress($"(a2) dotkube API creates on sqlite, {clients} clients");
            var apiSqlite = await ApiCreatesAsync(options with { Datastore = "sqlite" }, Path.Combine(root, "api-sqlite"), warmUp, null, "api-sqlite");

            var report = new ApiReport
            {
                SectionHeading = Heading,
                Command = $"dotnet run -c Release --project bench/Dotkube.Bench -- etcd --seconds {seconds.ToString(CultureInfo.InvariantCulture)}" +
                    (warmUp != TimeSpan.FromSeconds(5) ? $" --warmup {warmUp.TotalSeconds.ToString(CultureInfo.InvariantCulture)}" : "") +
                    (clients != 16 ? $" --clients {clients}" : ""),
                Setup = $"Setup: one etcd {EtcdVersion()} member (Debian etcd-server, default raft timers, fsync on) on loopback, data in {Path.GetTempPath().TrimEnd('/')}. " +
                    $"Values and pod bodies of ~{PodManifest.TargetBytes} B; {clients} concurrent writers or HTTP/2 clients in closed loops; {seconds} s per phase, API phases after a {warmUp.TotalSeconds} s warm-up. " +
                    $"The API server runs as `dotkube server {string.Join(' ', ServerArgs)}` (controllers on; no simulated nodes or scheduler writing for the created pods).",
            };
            var raw = (rawPuts.PerSecond + rawAfter.PerSecond) / 2;
            report.Add("e1", $"raw etcd Put, 1 KB, {clients} concurrent, gRPC client loop (before / after the API load)",
                $"{raw:F0} ops/s ({rawPuts.PerSecond:F0} / {rawAfter.PerSecond:F0}; p50 {rawPuts.P50:F1} ms, p99 {rawPuts.P99:F1} ms); etcd CPU {rawPuts.EtcdCpu!.ServerMicrosecondsPer(rawPuts.Count):F0} / {rawAfter.EtcdCpu!.ServerMicrosecondsPer(rawAfter.Count):F0} µs each", 1, "e1");
            report.Add("e2", "raw etcd Txn: create-revision = 0 → Put (what a create is)", rawTxns.Describe("ops"), rawTxns.PerSecond / raw, "e1");
            report.Add("s1", "EtcdStore.CreateAsync, same concurrency", storeEtcd.Describe("ops"), storeEtcd.PerSecond / raw, "e1");
            report.Add("s3", "EtcdStore.GetAsync, linearizable (quorum) reads, same concurrency", readsEtcd.Describe("reads"), readsEtcd.PerSecond / raw, "e1");
            report.Add("s2", "SqliteStore.CreateAsync, same concurrency (for comparison)", storeSqlite.Describe("ops"), storeSqlite.PerSecond / raw, "e1");
            report.Add("a1", $"dotkube API creates of ~1 KB pods on etcd, {clients} clients", apiEtcd.Summary(), apiEtcd.PerSecond / raw, "e1");
            report.Add("a2", $"dotkube API creates of ~1 KB pods on sqlite, {clients} clients", apiSqlite.Summary(), apiSqlite.PerSecond / raw, "e1");
            report.Add("a3", "API creates on etcd against on sqlite", $"{apiEtcd.PerSecond:F0} / {apiSqlite.PerSecond:F0} creates/s", apiEtcd.PerSecond / apiSqlite.PerSecond, "a2");
            report.Target("dotkube API creates on etcd / raw etcd puts", 100 * apiEtcd.PerSecond / raw, "%", 50, atLeast: true, "a1");
            report.Note("(e1) is what this etcd member takes from a client on this machine: every Put is a raft proposal and an fsync'd WAL entry, which etcd batches across concurrent proposals.");
            report.Note("(e2, s1) a create is a transaction comparing the key's create revision; EtcdStore adds only the mapping to the store contract.");
            report.Note("(a1) runs the whole API path (TLS, authentication, admission, defaulting, validation, JSON) on the same cores that also run etcd and the load generator, so it is bounded by CPU as much as by etcd. " +
                "Admission reads no storage on a create: the namespace, LimitRanges, the ServiceAccount, PriorityClasses and quotas come from watch-fed caches, so a create is one etcd Txn (e2) plus the server's own CPU. " +
                "etcd CPU per API create above e2's is etcd serving the server's watches (the caches, the controllers' informers).");
            if (LoadAverage() is var load && load > 2 * Environment.ProcessorCount)
            {
                report.Note($"This run had a load average of {load:F0} on {Environment.ProcessorCount} cores (a shared build machine): phases measured seconds apart saw very different machines (compare e1 before and after), so the ratios say little; rerun on a quiet machine.");
            }
            var section = report.Render();
            Console.WriteLine(section);
            if (options.ResultsPath is { } results)
            {
                report.WriteInto(results);
                Console.Error.WriteLine($"wrote the \"{Heading[3..]}\" section of {results}");
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"etcd benchmark failed: {e}");
            return 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Puts (or create transactions) straight through a gRPC KV client: the ceiling for any etcd client.</summary>
    private static async Task<Result> RawAsync(EtcdProcess etcd, int concurrency, double seconds, byte[] value, bool create)
    {
        var meter = CpuMeter.Start(etcd.Id);
        using var channel = GrpcChannel.ForAddress($"http://{etcd.Endpoint}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var kv = new KV.KVClient(channel);
        var bytes = ByteString.CopyFrom(value);
        var prefix = $"/bench/raw-{(create ? "txn" : "put")}-{Guid.NewGuid():N}/";
        var result = await LoopAsync(concurrency, seconds, async (i, ct) =>
        {
            var key = ByteString.CopyFromUtf8(prefix + i.ToString("D8", CultureInfo.InvariantCulture));
            if (create)
            {
                await kv.TxnAsync(new TxnRequest
                {
                    Compare = { new Compare { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
                    Success = { new RequestOp { RequestPut = new PutRequest { Key = key, Value = bytes } } },
                }, cancellationToken: ct);
            }
            else
            {
                await kv.PutAsync(new PutRequest { Key = key, Value = bytes }, cancellationToken: ct);
            }
        });
        return result with { EtcdCpu = meter.Stop() };
    }

    /// <summary>
    /// Creates through a real dotkube server process on the given datastore, after a warm-up, with the
    /// server's (and etcd's) CPU metered over the timed phase and, with --profile, the server recorded by perf.
    /// </summary>
    private static async Task<ApiResult> ApiCreatesAsync(ApiBenchOptions options, string dataDir, TimeSpan warmUp, EtcdProcess? etcd, string phase)
    {
        var port = Posix.FreeLoopbackPort();
        var start = await ColdStart.MeasureAsync(() => ApiBenchmark.StartDotkube(options, dataDir, port, ServerArgs), port, TimeSpan.Zero);
        await using var server = start.Process;
        using var api = new ApiClients(ClusterCredentials.FromKubeconfig(Path.Combine(dataDir, "kubeconfig")), options.HttpVersion);
        var clients = api.Create(options.Clients);
        var failure = await ClosedLoop.ExpectAsync(clients[0], PodManifest.CreateNamespace(Namespace), HttpStatusCode.Created, CancellationToken.None);
        if (failure is not null)
        {
            throw new InvalidOperationException(failure);
        }

        ClosedLoop.Request create(string run) => (c, seq, ct) => ClosedLoop.ExpectAsync(c, PodManifest.Create(Namespace, $"{run}-{seq:D7}"), HttpStatusCode.Created, ct);
        await ClosedLoop.RunAsync(clients, warmUp, long.MaxValue, create("warm"));
        var profiling = options.ProfileDirectory is { } dir ? new PerfProfile(dir).RecordAsync(server.Id, phase, options.Duration) : null;
        var serverMeter = CpuMeter.Start(server.Id);
        var etcdMeter = etcd is null ? null : CpuMeter.Start(etcd.Id);
        var result = await ClosedLoop.RunAsync(clients, options.Duration, long.MaxValue, create("c"));
        var serverCpu = serverMeter.Stop();
        var etcdCpu = etcdMeter?.Stop();
        if (profiling is not null)
        {
            Console.Error.WriteLine($"profile: {await profiling}");
        }

        await server.StopAsync(TimeSpan.FromSeconds(10));
        return new ApiResult(result, serverCpu, etcdCpu);
    }

    /// <summary>An API phase: the closed loop's result, the server's CPU and, on etcd, etcd's CPU over it.</summary>
    private sealed record ApiResult(LoopResult Loop, CpuUse Server, CpuUse? Etcd)
    {
        public double PerSecond => Loop.PerSecond;

        public string Summary() =>
            $"{Loop.Summary("creates")}; server CPU {Server.ServerMicrosecondsPer(Loop.Succeeded):F0} µs each" +
            (Etcd is null ? "" : $", etcd CPU {Etcd.ServerMicrosecondsPer(Loop.Succeeded):F0} µs each") +
            $"; server {Server.Server / Server.Wall:F2}{(Etcd is null ? "" : $" + etcd {Etcd.Server / Etcd.Wall:F2}")} + clients {Server.Bench / Server.Wall:F2} of {Environment.ProcessorCount} cores";
    }

    private static async Task<Result> LoopAsync(int concurrency, double seconds, Func<long, CancellationToken, Task> operation)
    {
        long next = 0;
        var duration = TimeSpan.FromSeconds(seconds);
        var clock = Stopwatch.StartNew();
        var perWorker = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(Interlocked.Increment(ref next), CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        })));
        var all = perWorker.SelectMany(l => l).ToArray();
        return new Result(all.Length / clock.Elapsed.TotalSeconds, Stats.Quantile(all, 0.5), Stats.Quantile(all, 0.99), all.Length);
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load) ? load : 0;

    private static string EtcdVersion()
    {
        using var version = Process.Start(new ProcessStartInfo(EtcdProcess.Binary, "--version") { RedirectStandardOutput = true })!;
        var first = version.StandardOutput.ReadLine() ?? "";
        version.WaitForExit();
        return first.Replace("etcd Version:", "", StringComparison.Ordinal).Trim();
    }

    private sealed record Result(double PerSecond, double P50, double P99, int Count)
    {
        /// <summary>etcd's own CPU over the phase, for the raw phases.</summary>
        public CpuUse? EtcdCpu { get; init; }

        public string Describe(string unit) => $"{PerSecond:F0} {unit}/s (p50 {P50:F1} ms, p99 {P99:F1} ms)" +
            (EtcdCpu is null ? "" : $"; etcd CPU {EtcdCpu.ServerMicrosecondsPer(Count):F0} µs each");
    }
}
