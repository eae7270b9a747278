using System.Globalization;

namespace Dotkube.Bench.Api;

internal sealed partial class ApiRun
{
    private ApiReport Report(Measurements m)
    {
        var report = new ApiReport { Command = options.CommandLine(), Setup = Setup() };
        var k = m.Kestrel;
        var n = options.ListSize;
        var raw = m.RawOpsPerSecond;
        report.Add("a", $"raw SQLite insert, {PodManifest.TargetBytes} B, WAL + synchronous=FULL, one transaction each (before / after the load)",
            $"{raw:F0} ops/s ({m.RawBefore.OpsPerSecond:F0} / {m.RawAfter.OpsPerSecond:F0}; p50 {m.RawBefore.P50Ms:F2} / {m.RawAfter.P50Ms:F2} ms, p99 {m.RawBefore.P99Ms:F2} / {m.RawAfter.P99Ms:F2} ms)");
        report.Add("k0", "bare Kestrel HTTPS process: start → listening; RSS after it", $"{Ms(k.Start.ToReadyLine)} ms; {k.Start.IdleRssMb:F0} MB");
        report.Add("k1", $"bare Kestrel GET of ~1 KB JSON, {options.Clients} clients (the requests/s ceiling)", WithCpu(k.Get, "req"));
        report.Add("k2", $"bare Kestrel POST of the ~1 KB pod, ~1 KB answer, {options.Clients} clients", WithCpu(k.Post, "req"));
        report.Add("r0", $"raw SQLite SELECT of {n:N0} rows × {m.PodBytes:N0} B in key order (median of {ListRuns})", $"{m.RawSelectMs:F1} ms");

        report.Add("s1", "dotkube cold start, fresh data dir (makes its CA and keys): process start → ready line",
            $"{Ms(m.Start.ToReadyLine)} ms (first /readyz 200 at {Ms(m.Start.ToReadyz)} ms; the server's own count from its Main {m.Start.ServerOwnMs?.ToString("F0", CultureInfo.InvariantCulture) ?? "?"} ms)",
            m.Start.ToReadyLine / k.Start.ToReadyLine, "k0");
        report.Add("s2", $"dotkube idle RSS, {ApiBenchmark.IdleWait.TotalSeconds:F0} s after ready", $"{m.Start.IdleRssMb:F0} MB", m.Start.IdleRssMb / k.Start.IdleRssMb, "k0");

        var creates = m.Creates.Loop;
        var durable = options.Datastore == "sqlite";
        report.Add("c1", $"creates of ~1 KB pods, {options.Clients} clients, {(durable ? "durable" : "not durable")} ({options.Datastore} datastore)", WithCpu(m.Creates, "creates"), creates.PerSecond / raw, "a");
        report.Add("c2", "same creates against the HTTPS ceiling for a 1 KB POST", $"{creates.PerSecond:F0} / {k.Post.Loop.PerSecond:F0} req/s", creates.PerSecond / k.Post.Loop.PerSecond, "k2");
        report.Add("c3", "server CPU per create against per bare POST", $"{m.Creates.ServerMicroseconds:F0} / {k.Post.ServerMicroseconds:F0} µs", m.Creates.ServerMicroseconds / k.Post.ServerMicroseconds, "k2");
        report.Add("c4", "create latency p99", $"{creates.P99:F1} ms (p50 {creates.P50:F1} ms)", creates.P99 / k.Post.Loop.P99, "k2 p99");
        report.Add("c5", $"creates into a namespace growing to {n:N0} pods (the list fill)", WithCpu(m.Fill, "creates"), m.Fill.Loop.PerSecond / raw, "a");
        report.Add("g1", $"gets of one pod by name, {options.Clients} clients", WithCpu(m.Gets, "gets"), m.Gets.Loop.PerSecond / k.Get.Loop.PerSecond, "k1");
        report.Add("g2", "server CPU per get against per bare GET", $"{m.Gets.ServerMicroseconds:F0} / {k.Get.ServerMicroseconds:F0} µs", m.Gets.ServerMicroseconds / k.Get.ServerMicroseconds, "k1");
        report.Add("l1", $"list of {n:N0} pods, JSON, one request (median of {ListRuns})", ListResult(m.Json, m.JsonCpu), m.Json.MedianMs / m.RawSelectMs, "r0");
        report.Add("l2", $"same list as {m.TableKind} (kubectl's Accept header), one request", ListResult(m.Table, m.TableCpu), m.Table.MedianMs / m.RawSelectMs, "r0");
        report.Add("l3", $"same Table in pages of {KubectlPageSize}, as `kubectl get pods` asks (median of {PagedRuns})", $"{m.PagedMs:F0} ms", m.PagedMs / m.RawSelectMs, "r0");

        var w = m.Watch;
        var deliveries = w.Events * w.Watchers;
        report.Add("w1", $"watch delivery, create response → event at each of {w.Watchers} watchers (p50 / p99; {w.Events} events, {deliveries:N0} deliveries, {w.Missing} missing, {w.Early} before the response)",
            $"{w.P50:F1} / {w.P99:F1} ms", w.P50 / k.Get.Loop.P50, "k1 p50");
        report.Add("w2", "same, from the create request being sent (p50 / p99)", $"{w.RequestP50:F1} / {w.RequestP99:F1} ms", w.RequestP50 / k.Get.Loop.P50, "k1 p50");
        report.Add("w3", "server CPU per delivered event (the paced creates included)", $"{m.WatchCpu.Server.TotalMicroseconds / Math.Max(1, deliveries):F0} µs; {m.WatchCpu.Cores()}");
        report.Add("m1", "dotkube RSS after the load (now / peak)", $"{m.LoadedRssMb:F0} / {m.PeakRssMb:F0} MB", m.LoadedRssMb / k.Start.IdleRssMb, "k0");
        report.Add("s3", $"restart on the loaded data dir ({(durable ? $"{creates.Succeeded + m.Fill.Loop.Succeeded + w.Events:N0}+ pods" : "the memory datastore starts empty")}): process start → ready line",
            $"{Ms(m.Restart.ToReadyLine)} ms (first /readyz 200 at {Ms(m.Restart.ToReadyz)} ms); the SIGTERM stop before it took {m.StopMs:F0} ms{(m.StoppedCleanly ? "" : " and needed SIGKILL")}",
            m.Restart.ToReadyLine / k.Start.ToReadyLine, "k0");
        report.Add("x1", "client-certificate chain verification, once, in the benchmark process (the server verifies on every request)", $"{m.ChainMicroseconds:F0} µs");

        report.Target($"{(durable ? "durable" : "in-memory")} create throughput / raw SQLite single-row inserts", creates.PerSecond / raw * 100, "%", 100, atLeast: true, "c1");
        report.Target($"p99 create latency at {options.Clients} clients", creates.P99, "ms", 50, atLeast: false, "c4");
        report.Target($"list of {n:N0} pods, JSON", m.Json.MedianMs, "ms", 500, atLeast: false, "l1");
        report.Target($"list of {n:N0} pods, {m.TableKind}", m.Table.MedianMs, "ms", 500, atLeast: false, "l2");
        report.Target("cold start to ready", m.Start.ToReadyLine.TotalMilliseconds, "ms", 2000, atLeast: false, "s1");
        report.Target("idle RSS", m.Start.IdleRssMb, "MB", 200, atLeast: false, "s2");

        report.Note("(a) is what this disk allows for a durable write: one fsync'd SQLite transaction per insert, measured before and after the load (ratios use the mean). (c1) can reach it only if the store's group commit folds concurrent creates into shared transactions.");
        report.Note("(k1, k2) are the HTTPS ceiling: the same TLS setup (the server's own certificate from the data dir, client certificate asked for, HTTP/1.1 and HTTP/2), the same clients, nothing behind the socket. Server CPU per request (c3, g2) is the API server's own cost, independent of how the shared cores were scheduled; the cores figures say whether a phase was CPU-bound.");
        report.Note("(r0) reads rows of the same size as the pods in (l1) straight from SQLite; (l1, l2) add decoding, conversion to the served form, serialization and the TLS transfer of the whole list.");
        report.Note($"(w1) is negative when the event reaches a watcher before the creator reads its response ({w.Early} of {w.FromResponseMs.Length} deliveries here); creates are paced 20 ms apart so fan-out, not queueing behind the writer, is measured.");
        report.Note("Client and server share the cores; every latency includes the client's own scheduling. The machine is shared with other builds (see the load average), so runs vary.");
        return report;
    }

    private string Setup()
    {
        var binary = new FileInfo(options.DotkubePath);
        var protocol = options.HttpVersion.Major == 2 ? "HTTP/2 over TLS (ALPN h2)" : "HTTP/1.1 over TLS";
        var shown = binary.FullName.Replace(Environment.CurrentDirectory + "/", "", StringComparison.Ordinal);
        return $"Setup: `dotkube server --datastore {options.Datastore}` on a fresh data dir in {Path.GetTempPath().TrimEnd('/')} ({shown}, built {binary.LastWriteTimeUtc:yyyy-MM-dd HH:mm} UTC). " +
            $"Clients: {options.Clients} closed-loop HttpClients (SocketsHttpHandler), {protocol}, one connection each, presenting the admin client certificate from the server's kubeconfig; " +
            $"{options.Watchers} watchers on their own connections. Objects: Pods with a ~{PodManifest.TargetBytes} B request body. Timed phases last {options.Seconds:0.#} s each, after a {options.WarmUp.TotalSeconds:0.#} s warm-up." +
            (options.ProfileDirectory is null ? "" : " Profiled with perf (server run with DOTNET_PerfMapEnabled=1, W^X, ReadyToRun and tiered compilation off), which costs throughput and start time: not figures to compare.");
    }

    private static string WithCpu(Phase phase, string unit) =>
        $"{phase.Loop.Summary(unit)}; server CPU {phase.ServerMicroseconds:F0} µs each; {phase.Cpu.Cores()}";

    private static string ListResult((double MedianMs, long Bytes) list, CpuUse cpu) =>
        $"{list.MedianMs:F0} ms ({list.Bytes / 1e6:F1} MB; server CPU {cpu.Server.TotalMilliseconds / ListRuns:F0} ms per list)";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
}
