using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Dotkube.Bench.Storage;

namespace Dotkube.Bench.Api;

/// <summary>One run of the API benchmark, in order: starts, baselines, load, baselines again, restart.</summary>
internal sealed class ApiRun(ApiBenchOptions options, string root)
{
    private const string LoadNamespace = "bench";
    private const string ListNamespace = "bench-list";
    private const string WatchNamespace = "bench-watch";
    private const int ListRuns = 5;
    private const int PagedRuns = 3;
    private const int KubectlPageSize = 500;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private readonly string dataDir = Path.Combine(root, "data");
    private readonly ApiReport report = new()
    {
        Command = options.CommandLine(),
        Setup = Describe(options),
    };

    public async Task<ApiReport> MeasureAsync()
    {
        ApiBenchmark.Progress("cold start of dotkube on a fresh data dir");
        var port = Posix.FreeLoopbackPort();
        var start = await ColdStart.MeasureAsync(() => ApiBenchmark.StartDotkube(options, dataDir, port), port, ApiBenchmark.IdleWait);
        var server = start.Process;
        try
        {
            var credentials = ClusterCredentials.FromKubeconfig(Path.Combine(dataDir, "kubeconfig"));
            var (kestrelStart, kestrelGet, kestrelPost) = await BareKestrelAsync(credentials);

            ApiBenchmark.Progress("(a) raw durable SQLite inserts");
            var rawBefore = ApiBenchmark.RawInserts(Path.Combine(root, "raw1.db"), options.Seconds);

            using var api = new ApiClients(credentials, options.HttpVersion);
            var clients = api.Create(options.Clients);
            foreach (var ns in new[] { LoadNamespace, ListNamespace, WatchNamespace })
            {
                await MustAsync(ClosedLoop.ExpectAsync(clients[0], PodManifest.CreateNamespace(ns), HttpStatusCode.Created, CancellationToken.None));
            }

            ApiBenchmark.Progress($"creates, {options.Clients} clients");
            var created = new ConcurrentQueue<string>();
            await CreatesAsync(clients, WarmUp, "warm", created: null);
            var creates = await CreatesAsync(clients, options.Duration, "c", created);

            ApiBenchmark.Progress($"gets, {options.Clients} clients");
            var names = created.ToArray();
            await GetsAsync(clients, WarmUp, names);
            var gets = await GetsAsync(clients, options.Duration, names);

            ApiBenchmark.Progress($"filling {ListNamespace} with {options.ListSize:N0} pods");
            var fill = await ClosedLoop.RunAsync(clients, TimeSpan.FromMinutes(10), options.ListSize,
                (c, seq, ct) => ClosedLoop.ExpectAsync(c, PodManifest.Create(ListNamespace, $"l-{seq:D6}"), HttpStatusCode.Created, ct));
            if (fill.Failed > 0 || fill.Succeeded != options.ListSize)
            {
                throw new InvalidOperationException($"filling {ListNamespace}: {fill.Summary("creates")}");
            }

            ApiBenchmark.Progress($"lists of {options.ListSize:N0} pods");
            var path = $"/api/v1/namespaces/{ListNamespace}/pods";
            var tableKind = await ListTiming.KindAsync(clients[0], path, ListTiming.KubectlTableAccept);
            var json = await ListTiming.TimeAsync(clients[0], path, "application/json", options.ListSize, ListRuns);
            var table = await ListTiming.TimeAsync(clients[0], path, ListTiming.KubectlTableAccept, options.ListSize, ListRuns);
            var paged = await ListTiming.TimePagedAsync(clients[0], path, ListTiming.KubectlTableAccept, KubectlPageSize, options.ListSize, PagedRuns);
            var podBytes = (int)(json.Bytes / options.ListSize);
            var rawSelect = RawSqlite.SelectAllMs(Path.Combine(root, "rawselect.db"), options.ListSize, ApiBenchmark.RandomBytes(podBytes), ListRuns);

            ApiBenchmark.Progress($"watch delivery to {options.Watchers} watchers");
            var watch = await new WatchFanout(api, WatchNamespace).RunAsync(options.Watchers, options.Duration);

            var loadedRss = Posix.StatusMegabytes(server.Id, "VmRSS");
            var peakRss = Posix.StatusMegabytes(server.Id, "VmHWM");

            ApiBenchmark.Progress("(a) raw durable SQLite inserts, again");
            var rawAfter = ApiBenchmark.RawInserts(Path.Combine(root, "raw2.db"), options.Seconds);
            var chainMicroseconds = ChainCost.MicrosecondsPerVerification(credentials, TimeSpan.FromSeconds(1));

            ApiBenchmark.Progress("stop and restart on the loaded data dir");
            api.Dispose();
            var stopClock = Stopwatch.StartNew();
            var clean = await server.StopAsync(TimeSpan.FromSeconds(10));
            var stopMs = stopClock.Elapsed.TotalMilliseconds;
            await server.DisposeAsync();
            var restart = await ColdStart.MeasureAsync(() => ApiBenchmark.StartDotkube(options, dataDir, port), port, TimeSpan.Zero);
            await restart.Process.DisposeAsync();

            var raw = (rawBefore.OpsPerSecond + rawAfter.OpsPerSecond) / 2;
            report.Add("a", $"raw SQLite insert, {PodManifest.TargetBytes} B, WAL + synchronous=FULL, one transaction each (before / after the load)",
                $"{raw:F0} ops/s ({rawBefore.OpsPerSecond:F0} / {rawAfter.OpsPerSecond:F0}; p50 {rawBefore.P50Ms:F2} / {rawAfter.P50Ms:F2} ms, p99 {rawBefore.P99Ms:F2} / {rawAfter.P99Ms:F2} ms)");
            report.Add("k0", "bare Kestrel HTTPS process: start → listening; RSS after it", $"{Ms(kestrelStart.ToReadyLine)} ms; {kestrelStart.IdleRssMb:F0} MB");
            report.Add("k1", $"bare Kestrel GET of ~1 KB JSON, {options.Clients} clients (the requests/s ceiling)", kestrelGet.Summary("req"));
            report.Add("k2", $"bare Kestrel POST of the ~1 KB pod, ~1 KB answer, {options.Clients} clients", kestrelPost.Summary("req"));
            report.Add("r0", $"raw SQLite SELECT of {options.ListSize:N0} rows × {podBytes:N0} B in key order (median of {ListRuns})", $"{rawSelect:F1} ms");

            report.Add("s1", "dotkube cold start, fresh data dir (makes its CA and keys): process start → ready line",
                $"{Ms(start.ToReadyLine)} ms (first /readyz 200 at {Ms(start.ToReadyz)} ms; server's own count {start.ServerOwnMs?.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ms)",
                start.ToReadyLine / kestrelStart.ToReadyLine, "k0");
            report.Add("s2", $"dotkube idle RSS, {ApiBenchmark.IdleWait.TotalSeconds:F0} s after ready", $"{start.IdleRssMb:F0} MB", start.IdleRssMb / kestrelStart.IdleRssMb, "k0");
            report.Add("c1", $"creates of ~1 KB pods, {options.Clients} clients, durable ({options.Datastore})", creates.Summary("creates"), creates.PerSecond / raw, "a");
            report.Add("c2", "same creates against the HTTPS ceiling for a 1 KB POST", $"{creates.PerSecond:F0} / {kestrelPost.PerSecond:F0} req/s", creates.PerSecond / kestrelPost.PerSecond, "k2");
            report.Add("c3", "create latency p99", $"{creates.P99:F1} ms (p50 {creates.P50:F1} ms)", creates.P99 / kestrelPost.P99, "k2 p99");
            report.Add("c4", $"creates into a namespace growing to {options.ListSize:N0} pods (the list fill)", fill.Summary("creates"), fill.PerSecond / raw, "a");
            report.Add("g1", $"gets of one pod by name, {options.Clients} clients", gets.Summary("gets"), gets.PerSecond / kestrelGet.PerSecond, "k1");
            report.Add("l1", $"list of {options.ListSize:N0} pods, JSON, one request (median of {ListRuns})", $"{json.MedianMs:F0} ms ({json.Bytes / 1e6:F1} MB)", json.MedianMs / rawSelect, "r0");
            report.Add("l2", $"same list as {tableKind} (kubectl's Accept header), one request", $"{table.MedianMs:F0} ms ({table.Bytes / 1e6:F1} MB)", table.MedianMs / rawSelect, "r0");
            report.Add("l3", $"same Table in pages of {KubectlPageSize}, as `kubectl get pods` asks (median of {PagedRuns})", $"{paged:F0} ms", paged / rawSelect, "r0");
            report.Add("w1", $"watch delivery, create response → event at each of {watch.Watchers} watchers (p50 / p99; {watch.Events} events, {watch.Events * watch.Watchers:N0} deliveries, {watch.Missing} missing, {watch.Early} before the response)",
                $"{watch.P50:F1} / {watch.P99:F1} ms", watch.P50 / kestrelGet.P50, "k1 p50");
            report.Add("w2", "same, from the create request being sent (p50 / p99)", $"{watch.RequestP50:F1} / {watch.RequestP99:F1} ms", watch.RequestP50 / kestrelGet.P50, "k1 p50");
            report.Add("m1", "dotkube RSS after the load (now / peak)", $"{loadedRss:F0} / {peakRss:F0} MB");
            report.Add("s3", $"restart on the loaded data dir ({creates.Succeeded + fill.Succeeded + watch.Events:N0}+ pods): process start → ready line",
                $"{Ms(restart.ToReadyLine)} ms (first /readyz 200 at {Ms(restart.ToReadyz)} ms); the stop before it took {stopMs:F0} ms{(clean ? "" : ", and needed SIGKILL")}",
                restart.ToReadyLine / kestrelStart.ToReadyLine, "k0");
            report.Add("x1", "client-certificate chain verification, once (the server verifies on every request)", $"{chainMicroseconds:F0} µs");

            report.Target("durable create throughput / raw SQLite single-row inserts", creates.PerSecond / raw * 100, "%", 100, atLeast: true, "c1");
            report.Target($"p99 create latency at {options.Clients} clients", creates.P99, "ms", 50, atLeast: false, "c3");
            report.Target($"list of {options.ListSize:N0} pods, JSON", json.MedianMs, "ms", 500, atLeast: false, "l1");
            report.Target($"list of {options.ListSize:N0} pods, {tableKind}", table.MedianMs, "ms", 500, atLeast: false, "l2");
            report.Target("cold start to ready", start.ToReadyLine.TotalMilliseconds, "ms", 2000, atLeast: false, "s1");
            report.Target("idle RSS", start.IdleRssMb, "MB", 200, atLeast: false, "s2");
            AddNotes(watch);
            return report;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private async Task<(StartTimes Start, LoopResult Get, LoopResult Post)> BareKestrelAsync(ClusterCredentials credentials)
    {
        ApiBenchmark.Progress("bare Kestrel baseline");
        var port = Posix.FreeLoopbackPort();
        var start = await ColdStart.MeasureAsync(() => BareKestrel.Start(Path.Combine(dataDir, "pki"), port), port, ApiBenchmark.IdleWait);
        await using var process = start.Process;
        using var bare = new ApiClients(credentials with { Server = new Uri($"https://127.0.0.1:{port}") }, options.HttpVersion);
        var clients = bare.Create(options.Clients);
        ClosedLoop.Request get = (c, _, ct) => ClosedLoop.ExpectAsync(c, new HttpRequestMessage(HttpMethod.Get, "/fixed"), HttpStatusCode.OK, ct);
        ClosedLoop.Request post = (c, seq, ct) => ClosedLoop.ExpectAsync(c, PodManifest.Create(LoadNamespace, $"c-{seq:D7}"), HttpStatusCode.OK, ct);
        await ClosedLoop.RunAsync(clients, WarmUp, long.MaxValue, get);
        var gets = await ClosedLoop.RunAsync(clients, options.Duration, long.MaxValue, get);
        await ClosedLoop.RunAsync(clients, WarmUp, long.MaxValue, post);
        var posts = await ClosedLoop.RunAsync(clients, options.Duration, long.MaxValue, post);
        return (start, gets, posts);
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

    private void AddNotes(WatchResult watch)
    {
        report.Note("(a) is what this disk allows for a durable write: one fsync'd SQLite transaction per insert, measured before and after the load (the ratio uses their mean). (c1) is at or above it only if the store's group commit folds concurrent creates into shared transactions.");
        report.Note("(k1, k2) are the HTTPS ceiling: the same TLS setup (the server's own certificate from the data dir, client certificate asked for, HTTP/1.1 and HTTP/2) and the same clients, with no work behind the socket. The gap between (k2) and (c2) is the API server's own cost per request.");
        report.Note("(r0) reads rows of the same size as the pods in (l1) straight from SQLite; (l1) and (l2) add decoding, conversion to the served form, serialization and TLS transfer of the whole list.");
        report.Note($"(w1) can be negative when the event reaches a watcher before the creator reads its response ({watch.Early} of {watch.FromResponseMs.Length} deliveries here); creates are paced 20 ms apart so fan-out, not queueing behind the writer, is measured.");
        report.Note("Client and server share the same cores; every latency includes the client's own scheduling. The machine is shared with other builds, so runs vary.");
    }

    private static string Describe(ApiBenchOptions options)
    {
        var binary = new FileInfo(options.DotkubePath);
        var protocol = options.HttpVersion.Major == 2 ? "HTTP/2 over TLS (ALPN h2)" : "HTTP/1.1 over TLS";
        return $"Setup: `dotkube server --datastore {options.Datastore}` on a fresh data dir in {Path.GetTempPath().TrimEnd('/')} ({binary.FullName.Replace(Environment.CurrentDirectory + "/", "", StringComparison.Ordinal)}, built {binary.LastWriteTimeUtc:yyyy-MM-dd HH:mm} UTC). " +
            $"Clients: {options.Clients} closed-loop HttpClients (SocketsHttpHandler), {protocol}, one connection each, presenting the admin client certificate from the server's kubeconfig; " +
            $"{options.Watchers} watchers on their own connections. Objects: Pods with a ~{PodManifest.TargetBytes} B request body. Timed phases last {options.Seconds:0.#} s each, after a {WarmUp.TotalSeconds:0} s warm-up.";
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
}
