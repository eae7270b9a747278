using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Dotkube.Bench.Api;

/// <summary>
/// Watch delivery: n watchers, each on its own connection, watch one namespace from its current
/// resourceVersion; one writer creates pods there at a steady pace. For every (watcher, pod) the
/// latency is the time from the create's response arriving to that watcher reading the ADDED event.
/// </summary>
internal sealed class WatchFanout
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    private readonly ApiClients clients;
    private readonly string ns;

    public WatchFanout(ApiClients clients, string ns)
    {
        this.clients = clients;
        this.ns = ns;
    }

    public async Task<WatchResult> RunAsync(int watchers, TimeSpan duration)
    {
        var writer = clients.Create();
        var rv = await CurrentResourceVersionAsync(writer);
        using var stop = new CancellationTokenSource(duration + Settle + TimeSpan.FromSeconds(60));
        var seen = Enumerable.Range(0, watchers).Select(_ => new ConcurrentDictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var streams = Enumerable.Range(0, watchers)
            .Select(i => Task.Run(() => WatchAsync(clients.Create(Timeout.InfiniteTimeSpan), rv, seen[i], stop.Token)))
            .ToArray();
        try
        {
            // A first object proves every watcher is connected and delivering before the clock starts.
            await CreateAsync(writer, "warmup");
            await WaitAllSeenAsync(seen, ["warmup"], streams, TimeSpan.FromSeconds(30), required: true);

            var sent = new List<(string Name, long Sent, long Answered)>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var name = $"w-{i:D6}";
                var start = Stopwatch.GetTimestamp();
                await CreateAsync(writer, name);
                sent.Add((name, start, Stopwatch.GetTimestamp()));
                var next = Pace * (i + 1) - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }

            await WaitAllSeenAsync(seen, [.. sent.Select(s => s.Name)], streams, Settle, required: false);
            var fromResponse = new List<double>();
            var fromRequest = new List<double>();
            var missing = 0;
            foreach (var watcher in seen)
            {
                foreach (var (name, requested, answered) in sent)
                {
                    if (watcher.TryGetValue(name, out var at))
                    {
                        fromResponse.Add(Stopwatch.GetElapsedTime(answered, at).TotalMilliseconds); // negative: the event came first
                        fromRequest.Add(Stopwatch.GetElapsedTime(requested, at).TotalMilliseconds);
                    }
                    else
                    {
                        missing++;
                    }
                }
            }

            return new WatchResult(watchers, sent.Count, fromResponse.ToArray(), fromRequest.ToArray(), missing);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var stream in streams)
            {
                try
                {
                    await stream;
                }
                catch (OperationCanceledException)
                {
                    // The watch was ended by us, which is how every watch here ends.
                }
            }
        }
    }

    private async Task<string> CurrentResourceVersionAsync(HttpClient client)
    {
        var body = await client.GetStringAsync($"/api/v1/namespaces/{ns}/pods?limit=1");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()
            ?? throw new InvalidOperationException("the list has no resourceVersion");
    }

    private async Task CreateAsync(HttpClient client, string name)
    {
        if (await ClosedLoop.ExpectAsync(client, PodManifest.Create(ns, name), System.Net.HttpStatusCode.Created, CancellationToken.None) is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>Reads events until cancelled, stamping each ADDED pod's name with the moment its line arrived.</summary>
    private async Task WatchAsync(HttpClient client, string rv, ConcurrentDictionary<string, long> seen, CancellationToken ct)
    {
        var timeout = ((int)Settle.TotalSeconds + 600).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?watch=1&resourceVersion={rv}&timeoutSeconds={timeout}");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var at = Stopwatch.GetTimestamp();
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString();
            if (type == "ERROR")
            {
                throw new InvalidOperationException($"watch ended with an error event: {line}");
            }

            if (type == "ADDED")
            {
                var name = root.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;
                seen.TryAdd(name, at);
            }
        }

        if (!ct.IsCancellationRequested)
        {
            throw new InvalidOperationException("the server ended a watch before the benchmark did");
        }
    }

    private static async Task WaitAllSeenAsync(ConcurrentDictionary<string, long>[] seen, string[] names, Task[] streams, TimeSpan limit, bool required)
    {
        var clock = Stopwatch.StartNew();
        while (!seen.All(w => names.All(w.ContainsKey)))
        {
            if (streams.FirstOrDefault(s => s.IsFaulted) is { } failed)
            {
                await failed; // a watcher failed: surface why
            }

            if (clock.Elapsed > limit)
            {
                if (required)
                {
                    throw new TimeoutException($"after {limit.TotalSeconds:0} s only {seen.Count(w => names.All(w.ContainsKey))} of {seen.Length} watchers had every event");
                }

                return;
            }

            await Task.Delay(10);
        }
    }
}

/// <summary>Watch delivery latencies in milliseconds, one per (watcher, event).</summary>
internal sealed record WatchResult(int Watchers, int Events, double[] FromResponseMs, double[] FromRequestMs, int Missing)
{
    public double P50 => Stats.Quantile(FromResponseMs, 0.5);

    public double P99 => Stats.Quantile(FromResponseMs, 0.99);

    public double RequestP50 => Stats.Quantile(FromRequestMs, 0.5);

    public double RequestP99 => Stats.Quantile(FromRequestMs, 0.99);

    public int Early => FromResponseMs.Count(v => v < 0);
}
