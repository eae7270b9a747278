using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Dotkube.Bench.Storage;

namespace Dotkube.Bench.Api;

/// <summary>
/// One run of the API benchmark, in order: an unmeasured launch, the measured cold start, the bare
/// Kestrel ceiling, raw SQLite, the load against the server, raw SQLite again, and a restart.
/// </summary>
internal sealed partial class ApiRun(ApiBenchOptions options, string root)
{
    private const string LoadNamespace = "bench";
    private const string ListNamespace = "bench-list";
    private const string WatchNamespace = "bench-watch";
    private const int ListRuns = 5;
    private const int PagedRuns = 3;
    private const int KubectlPageSize = 500;

    private readonly string dataDir = Path.Combine(root, "data");
    private readonly PerfProfile? profile = options.ProfileDirectory is { } dir ? new PerfProfile(dir) : null;

    public async Task<ApiReport> MeasureAsync()
    {
        // One unmeasured launch first, on a data dir of its own: the measured start then finds the
        // binary in the page cache (as after any build) and this process's TLS client code compiled,
        // so the /readyz probe times the server rather than the probe's own first handshake.
        ApiBenchmark.Progress("one unmeasured dotkube launch");
        var port = Posix.FreeLoopbackPort();
        var throwaway = await ColdStart.MeasureAsync(() => ApiBenchmark.StartDotkube(options, Path.Combine(root, "throwaway"), port), port, TimeSpan.Zero);
        await throwaway.Process.DisposeAsync();

        ApiBenchmark.Progress("cold start of dotkube on a fresh data dir");
        var start = await ColdStart.MeasureAsync(() => ApiBenchmark.StartDotkube(options, dataDir, port), port, ApiBenchmark.IdleWait);
        var server = start.Process;
        try
        {
            var credentials = ClusterCredentials.FromKubeconfig(Path.Combine(dataDir, "kubeconfig"));
            var m = new Measurements { Start = start, Kestrel = await BareKestrelAsync(credentials) };

            ApiBenchmark.Progress("(a) raw durable SQLite inserts");
            m.RawBefore = ApiBenchmark.RawInserts(Path.Combine(root, "raw1.db"), options.Seconds);

            using var api = new ApiClients(credentials, options.HttpVersion);
            var clients = api.Create(options.Clients);
            foreach (var ns in new[] { LoadNamespace, ListNamespace, WatchNamespace })
            {
                await MustAsync(ClosedLoop.ExpectAsync(clients[0], PodManifest.CreateNamespace(ns), HttpStatusCode.Created, CancellationToken.None));
            }

            ApiBenchmark.Progress($"creates, {options.Clients} clients");
            var created = new ConcurrentQueue<string>();
            await CreatesAsync(clients, options.WarmUp, "warm", created: null);
            m.Creates = await PhaseAsync(server, "creates", () => CreatesAsync(clients, options.Duration, "c", created));

            ApiBenchmark.Progress($"gets, {options.Clients} clients");
            var names = created.ToArray();
            await GetsAsync(clients, options.WarmUp, names);
            m.Gets = await PhaseAsync(server, "gets", () => GetsAsync(clients, options.Duration, names));

            ApiBenchmark.Progress($"filling {ListNamespace} with {options.ListSize:N0} pods");
            m.Fill = await PhaseAsync(server, null, () => ClosedLoop.RunAsync(clients, TimeSpan.FromMinutes(10), options.ListSize,
                (c, seq, ct) => ClosedLoop.ExpectAsync(c, PodManifest.Create(ListNamespace, $"l-{seq:D6}"), HttpStatusCode.Created, ct)));
            if (m.Fill.Loop.Failed > 0 || m.Fill.Loop.Succeeded != options.ListSize)
            {
                throw new InvalidOperationException($"filling {ListNamespace}: {m.Fill.Loop.Summary("creates")}");
            }

            await ListsAsync(server, clients[0], m);

            ApiBenchmark.Progress($"watch delivery to {options.Watchers} watchers");
            var meter = CpuMeter.Start(server.Id);
            var profiling = Profile(server, "watch");
            m.Watch = await new WatchFanout(api, WatchNamespace).RunAsync(options.Watchers, options.Duration);
            m.WatchCpu = meter.Stop();
            await Finish(profiling);

            m.LoadedRssMb = Posix.StatusMegabytes(server.Id, "VmRSS");
            m.PeakRssMb = Posix.StatusMegabytes(server.Id, "VmHWM");

            ApiBenchmark.Progress("(a) raw durable SQLite inserts, again");
            m.RawAfter = ApiBenchmark.RawInserts(Path.Combine(root, "raw2.db"), options.Seconds);
            m.ChainMicroseconds = ChainCost.MicrosecondsPerVerification(credentials, TimeSpan.FromSeconds(1));

            ApiBenchmark.Progress("stop and restart on the loaded data dir");
            api.Dispose();
            var stopClock = Stopwatch.StartNew();
            m.StoppedCleanly = await server.StopAsync(TimeSpan.FromSeconds(10));
            m.StopMs = stopClock.Elapsed.TotalMilliseconds;
            await server.DisposeAsync();
            m.Restart = await ColdStart.MeasureAsync(() => ApiBenchmark.StartDotkube(options, dataDir, port), port, TimeSpan.Zero);
            await m.Restart.Process.DisposeAsync();
            return Report(m);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private async Task<KestrelCeiling> BareKestrelAsync(ClusterCredentials credentials)
    {
        ApiBenchmark.Progress("bare Kestrel baseline");
        var port = Posix.FreeLoopbackPort();
        var start = await ColdStart.MeasureAsync(() => BareKestrel.Start(Path.Combine(dataDir, "pki"), port), port, ApiBenchmark.IdleWait);
        await using var process = start.Process;
        using var bare = new ApiClients(credentials with { Server = new Uri($"https://127.0.0.1:{port}") }, options.HttpVersion);
        var clients = bare.Create(options.Clients);
        ClosedLoop.Request get = (c, _, ct) => ClosedLoop.ExpectAsync(c, new HttpRequestMessage(HttpMethod.Get, "/fixed"), HttpStatusCode.OK, ct);
        ClosedLoop.Request post = (c, seq, ct) => ClosedLoop.ExpectAsync(c, PodManifest.Create(LoadNamespace, $"c-{seq:D7}"), HttpStatusCode.OK, ct);
        await ClosedLoop.RunAsync(clients, options.WarmUp, long.MaxValue, get);
        await ClosedLoop.RunAsync(clients, options.WarmUp, long.MaxValue, post);
        var gets = await PhaseAsync(process, null, () => ClosedLoop.RunAsync(clients, options.Duration, long.MaxValue, get));
        var posts = await PhaseAsync(process, null, () => ClosedLoop.RunAsync(clients, options.Duration, long.MaxValue, post));
        return new KestrelCeiling(start, gets, posts);
    }

    private async Task ListsAsync(ServedProcess server, HttpClient client, Measurements m)
    {
        ApiBenchmark.Progress($"lists of {options.ListSize:N0} pods");
        var path = $"/api/v1/namespaces/{ListNamespace}/pods";
        m.TableKind = await ListTiming.KindAsync(client, path, ListTiming.KubectlTableAccept);
        var meter = CpuMeter.Start(server.Id);
        m.Json = await ListTiming.TimeAsync(client, path, "application/json", options.ListSize, ListRuns);
        m.JsonCpu = meter.Stop();
        meter = CpuMeter.Start(server.Id);
        m.Table = await ListTiming.TimeAsync(client, path, ListTiming.KubectlTableAccept, options.ListSize, ListRuns);
        m.TableCpu = meter.Stop();
        m.PagedMs = await ListTiming.TimePagedAsync(client, path, ListTiming.KubectlTableAccept, KubectlPageSize, options.ListSize, PagedRuns);
        if (profile is not null)
        {
            foreach (var (name, accept) in new[] { ("list-json", "application/json"), ("list-table", ListTiming.KubectlTableAccept) })
            {
                var profiling = Profile(server, name);
                await ListTiming.RepeatAsync(client, path, accept, options.Duration);
                await Finish(profiling);
            }
        }

        m.PodBytes = (int)(m.Json.Bytes / options.ListSize);
        m.RawSelectMs = RawSqlite.SelectAllMs(Path.Combine(root, "rawselect.db"), options.ListSize, ApiBenchmark.RandomBytes(m.PodBytes), ListRuns);
    }

    /// <summary>Runs a load phase with the server's CPU metered and, with --profile, recorded by perf.</summary>
    private async Task<Phase> PhaseAsync(ServedProcess server, string? profileName, Func<Task<LoopResult>> load)
    {
        var profiling = profileName is null ? null : Profile(server, profileName);
        var meter = CpuMeter.Start(server.Id);
        var loop = await load();
        var cpu = meter.Stop();
        await Finish(profiling);
        return new Phase(loop, cpu);
    }

    private static async Task<LoopResult> CreatesAsync(IReadOnlyList<HttpClient> clients, TimeSpan duration, string prefix, ConcurrentQueue<string>? created)
    {
        var result = await ClosedLoop.RunAsync(clients, duration, long.MaxValue, async (c, seq, ct) =>
        {
            var name = $"{prefix}-{seq:D7}";
            var error = await ClosedLoop.ExpectAsync(c, PodManifest.Create(LoadNamespace, name), HttpStatusCode.Created, ct);
            if (error is null)
            {
                created?.Enqueue(name);
            }

            return error;
        });
        return result.Succeeded > 0 ? result : throw new InvalidOperationException($"no create succeeded: {result.FirstFailure}");
    }

    private static Task<LoopResult> GetsAsync(IReadOnlyList<HttpClient> clients, TimeSpan duration, string[] names) =>
        ClosedLoop.RunAsync(clients, duration, long.MaxValue, (c, seq, ct) => ClosedLoop.ExpectAsync(
            c, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{LoadNamespace}/pods/{names[seq % names.Length]}"), HttpStatusCode.OK, ct));

    private static async Task MustAsync(Task<string?> request)
    {
        if (await request is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    private Task<string>? Profile(ServedProcess server, string phase) =>
        profile?.RecordAsync(server.Id, phase, options.Duration);

    private static async Task Finish(Task<string>? profiling)
    {
        if (profiling is not null)
        {
            Console.Error.WriteLine($"profile: {await profiling}");
        }
    }
}
