using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dotkube.Storage;
using Dotkube.Storage.Sqlite;

namespace Dotkube.Bench.Storage;

/// <summary>
/// <c>storage</c>: the SQLite store against raw SQLite on the same disk, in one run, printed as a
/// markdown section for bench/RESULTS.md.
/// </summary>
internal static class StorageBenchmark
{
    private const int ListKeys = 10_000;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = args.Double("seconds", 5);
        var root = args.String("dir", Path.Combine(Path.GetTempPath(), "dotkube-bench-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(root);
        var value1K = RandomBytes(1024);
        var value2K = RandomBytes(2048);
        var rows = new List<Row>();
        try
        {
            // The raw baseline runs before and after the store's runs; a shared machine drifts, and the
            // ratios use the mean of both.
            Progress("(a) raw durable inserts");
            var rawBefore = RawSqlite.DurableInserts(Path.Combine(root, "raw1.db"), value1K, seconds);
            var creates = new List<(int Writers, (double OpsPerSecond, double P50Ms, double P99Ms) Result)>();
            foreach (var writers in new[] { 1, 16 })
            {
                Progress($"(b) store creates, {writers} writer(s)");
                creates.Add((writers, await StoreCreatesAsync(Path.Combine(root, $"creates{writers}.db"), writers, value1K, seconds)));
            }

            Progress("(a) raw durable inserts, again");
            var rawAfter = RawSqlite.DurableInserts(Path.Combine(root, "raw2.db"), value1K, seconds);
            var raw = (OpsPerSecond: (rawBefore.OpsPerSecond + rawAfter.OpsPerSecond) / 2, P50Ms: (rawBefore.P50Ms + rawAfter.P50Ms) / 2);
            rows.Add(new("a", "raw SQLite insert, 1 KB, WAL + synchronous=FULL, one transaction each (before / after b)",
                $"{raw.OpsPerSecond:F0} ops/s ({rawBefore.OpsPerSecond:F0} / {rawAfter.OpsPerSecond:F0}; p50 {rawBefore.P50Ms:F2} / {rawAfter.P50Ms:F2} ms, p99 {rawBefore.P99Ms:F2} / {rawAfter.P99Ms:F2} ms)", 1));
            foreach (var (writers, (ops, p50, p99)) in creates)
            {
                rows.Add(new($"b{writers}", $"SqliteStore.CreateAsync, 1 KB, {writers} concurrent writer{(writers == 1 ? "" : "s")}", $"{ops:F0} ops/s (p50 {p50:F2} ms, p99 {p99:F2} ms)", ops / raw.OpsPerSecond));
            }

            Progress("(c) list 10,000 keys");
            var rawSelect = RawSqlite.SelectAllMs(Path.Combine(root, "rawselect.db"), ListKeys, value2K, runs: 7);
            var list = await ListAsync(Path.Combine(root, "list.db"), value2K);
            rows.Add(new("c0", $"raw SQLite SELECT of {ListKeys:N0} rows x 2 KB in key order", $"{rawSelect:F1} ms", double.NaN, ""));
            rows.Add(new("c", $"SqliteStore.ListAsync of {ListKeys:N0} keys x 2 KB, current revision (median of 7)", $"{list.CurrentMs:F1} ms", list.CurrentMs / rawSelect, "c0"));
            rows.Add(new("c2", $"same, in pages of 500 (limit + continue at the first page's revision)", $"{list.PagedMs:F1} ms", list.PagedMs / rawSelect, "c0"));
            rows.Add(new("c3", $"same, one list at a past revision (after 2,000 later updates)", $"{list.PastMs:F1} ms", list.PastMs / rawSelect, "c0"));
            rows.Add(new("c4", $"same, at that past revision in pages of 500", $"{list.PastPagedMs:F1} ms", list.PastPagedMs / rawSelect, "c0"));

            Progress("(d) watch latency");
            var watch = await WatchLatencyAsync(Path.Combine(root, "watch.db"), value1K, seconds);
            rows.Add(new("d", "watch delivery, write call to event received, 1 writer (p50 / p99)", $"{watch.P50:F2} / {watch.P99:F2} ms", watch.P50 / raw.P50Ms, "a p50"));
            rows.Add(new("d2", "write acknowledged, same run (p50 / p99)", $"{watch.AckP50:F2} / {watch.AckP99:F2} ms", watch.AckP50 / raw.P50Ms, "a p50"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Print(rows, seconds);
        return 0;
    }

    private static async Task<(double OpsPerSecond, double P50Ms, double P99Ms)> StoreCreatesAsync(string path, int writers, byte[] value, double seconds)
    {
        await using var store = SqliteStore.Open(path);
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        var latencies = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (deadline.Elapsed < limit)
            {
                var start = Stopwatch.GetTimestamp();
                await store.CreateAsync($"/registry/bench/w{w}/{mine.Count:D9}", value);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return mine;
        })));
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / deadline.Elapsed.TotalSeconds, Stats.Quantile(all, 0.5), Stats.Quantile(all, 0.99));
    }

    private static async Task<(double CurrentMs, double PagedMs, double PastMs, double PastPagedMs)> ListAsync(string path, byte[] value)
    {
        await using var store = SqliteStore.Open(path);
        await Parallel.ForEachAsync(Enumerable.Range(0, ListKeys), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (i, ct) => await store.CreateAsync($"/registry/list/ns{i % 10}/{i:D6}", value, ct));
        var before = store.CurrentRevision;

        var current = Median(7, async () => Check(await store.ListAsync("/registry/list/", new ListOptions())));
        var paged = Median(3, async () =>
        {
            var page = await store.ListAsync("/registry/list/", new ListOptions(Limit: 500));
            var n = page.Items.Count;
            while (page.More)
            {
                page = await store.ListAsync("/registry/list/", new ListOptions(500, page.Revision, page.Items[^1].Key));
                n += page.Items.Count;
            }

            Check(n);
        });
        var currentMs = await current;
        var pagedMs = await paged;

        await Parallel.ForEachAsync(Enumerable.Range(0, 2_000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var key = $"/registry/list/ns{i % 10}/{i:D6}";
            var kv = await store.GetAsync(key, cancellationToken: ct);
            await store.UpdateAsync(key, value, kv!.ModRevision, ct);
        });
        var pastMs = await Median(3, async () => Check(await store.ListAsync("/registry/list/", new ListOptions(Revision: before))));
        var pastPagedMs = await Median(3, async () =>
        {
            var page = await store.ListAsync("/registry/list/", new ListOptions(500, before));
            var n = page.Items.Count;
            while (page.More)
            {
                page = await store.ListAsync("/registry/list/", new ListOptions(500, before, page.Items[^1].Key));
                n += page.Items.Count;
            }

            Check(n);
        });
        return (currentMs, pagedMs, pastMs, pastPagedMs);

        static void Check(object result)
        {
            var count = result is ListResult list ? list.Items.Count : (int)result;
            if (count != ListKeys)
            {
                throw new InvalidOperationException($"listed {count} keys, wrote {ListKeys}");
            }
        }
    }

    private static async Task<(double P50, double P99, double AckP50, double AckP99)> WatchLatencyAsync(string path, byte[] value, double seconds)
    {
        await using var store = SqliteStore.Open(path);
        var started = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var delivery = new List<double>();
        var acks = new List<double>();
        using var stop = new CancellationTokenSource();
        const string EndKey = "/registry/watch/~end";
        var watcher = Task.Run(async () =>
        {
            await foreach (var item in store.WatchAsync("/registry/watch/", store.CurrentRevision, stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                if (item.Kv.Key == EndKey)
                {
                    break;
                }

                delivery.Add(Stopwatch.GetElapsedTime(started[item.Kv.Key], now).TotalMilliseconds);
            }
        });

        await Task.Delay(50); // let the watch subscribe
        var deadline = Stopwatch.StartNew();
        var n = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds) && n < 20_000)
        {
            var key = $"/registry/watch/{n++:D9}";
            var start = Stopwatch.GetTimestamp();
            started[key] = start;
            await store.CreateAsync(key, value);
            acks.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        await store.CreateAsync(EndKey, value);
        await watcher.WaitAsync(TimeSpan.FromSeconds(30));
        return (Stats.Quantile(delivery, 0.5), Stats.Quantile(delivery, 0.99), Stats.Quantile(acks, 0.5), Stats.Quantile(acks, 0.99));
    }

    private static async Task<double> Median(int runs, Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return Stats.Quantile(times, 0.5);
    }

    private static void Print(List<Row> rows, double seconds)
    {
        Console.WriteLine("## Storage");
        Console.WriteLine();
        Console.WriteLine($"Command: `dotnet run -c Release --project bench/Dotkube.Bench -- storage --seconds {seconds.ToString(CultureInfo.InvariantCulture)}`");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Machine.Describe()}");
        Console.WriteLine();
        Console.WriteLine("| | measurement | result | ratio | against |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var ratio = double.IsNaN(row.Ratio) ? "" : row.Ratio.ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine($"| {row.Id} | {row.What} | {row.Result} | {ratio} | {row.Against} |");
        }
    }

    private static void Progress(string what) => Console.Error.WriteLine($"running {what} ...");

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private sealed record Row(string Id, string What, string Result, double Ratio, string Against = "a");
}
