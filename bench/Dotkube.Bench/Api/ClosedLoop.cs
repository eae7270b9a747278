using System.Diagnostics;

namespace Dotkube.Bench.Api;

/// <summary>
/// n clients, each sending its next request as soon as the previous one is answered (a closed
/// loop, as controllers and kubectl do), until a duration or a request count runs out.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>One request; returns null when it succeeded, else what went wrong.</summary>
    public delegate Task<string?> Request(HttpClient client, long sequence, CancellationToken ct);

    public static async Task<LoopResult> RunAsync(IReadOnlyList<HttpClient> clients, TimeSpan duration, long maxRequests, Request request)
    {
        long issued = 0;
        using var cancel = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60)); // a hung request cannot hang the run
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var failures = new List<string>();
            while (clock.Elapsed < duration)
            {
                var sequence = Interlocked.Increment(ref issued) - 1;
                if (sequence >= maxRequests)
                {
                    break;
                }

                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await request(client, sequence, cancel.Token);
                }
                catch (HttpRequestException e)
                {
                    error = e.Message;
                }

                if (error is null)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                else
                {
                    failures.Add(error);
                }
            }

            return (latencies, failures);
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = perClient.SelectMany(c => c.latencies).ToArray();
        var failed = perClient.SelectMany(c => c.failures).ToList();
        return new LoopResult(all, failed.Count, elapsed, failed.FirstOrDefault());
    }

    /// <summary>A request that must answer <paramref name="expected"/>; the body is read in full.</summary>
    public static async Task<string?> ExpectAsync(HttpClient client, HttpRequestMessage message, System.Net.HttpStatusCode expected, CancellationToken ct)
    {
        using var request = message;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode == expected)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        return $"{message.Method} {message.RequestUri}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
    }
}

/// <summary>What a closed loop measured: latencies of the successful requests, in milliseconds.</summary>
internal sealed record LoopResult(double[] LatenciesMs, int Failed, double Seconds, string? FirstFailure)
{
    public int Succeeded => LatenciesMs.Length;

    public double PerSecond => Succeeded / Seconds;

    public double P50 => Stats.Quantile(LatenciesMs, 0.5);

    public double P99 => Stats.Quantile(LatenciesMs, 0.99);

    public string Summary(string unit) =>
        $"{PerSecond:F0} {unit}/s (p50 {P50:F1} ms, p99 {P99:F1} ms; {Succeeded} in {Seconds:F1} s{(Failed > 0 ? $", {Failed} FAILED: {FirstFailure}" : "")})";
}
