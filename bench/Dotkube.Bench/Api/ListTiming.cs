using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Dotkube.Bench.Api;

/// <summary>Times full lists: request sent → last byte of the body received, checked for the expected item count.</summary>
internal static class ListTiming
{
    /// <summary>The Accept header kubectl 1.32 sends for <c>kubectl get</c>: a Table, falling back to plain JSON.</summary>
    public const string KubectlTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    /// <summary>Median time of <paramref name="runs"/> full lists, and the size of one response.</summary>
    public static async Task<(double MedianMs, long Bytes)> TimeAsync(HttpClient client, string path, string accept, int expected, int runs)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run < runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            var body = await GetAsync(client, path, accept);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            bytes = body.Length;
            if (run == 0)
            {
                var (count, _) = Count(body);
                if (count != expected)
                {
                    throw new InvalidOperationException($"GET {path} ({accept}) returned {count} entries, expected {expected}");
                }
            }
        }

        return (Stats.Quantile(times, 0.5), bytes);
    }

    /// <summary>As kubectl get does it: pages of <paramref name="limit"/>, following continue tokens. Median of <paramref name="runs"/>.</summary>
    public static async Task<double> TimePagedAsync(HttpClient client, string path, string accept, int limit, int expected, int runs)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            var total = 0;
            string? next = "";
            for (var page = 0; next is not null; page++)
            {
                if (page > expected / limit + 2)
                {
                    throw new InvalidOperationException($"GET {path}: more pages than {expected} entries need");
                }

                var query = $"{path}?limit={limit}" + (next.Length > 0 ? $"&continue={Uri.EscapeDataString(next)}" : "");
                var (count, cont) = Count(await GetAsync(client, query, accept));
                total += count;
                next = string.IsNullOrEmpty(cont) ? null : cont;
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (total != expected)
            {
                throw new InvalidOperationException($"GET {path} in pages of {limit} returned {total} entries, expected {expected}");
            }
        }

        return Stats.Quantile(times, 0.5);
    }

    /// <summary>Lists again and again until <paramref name="duration"/> is over (load for a profile); returns how many.</summary>
    public static async Task<int> RepeatAsync(HttpClient client, string path, string accept, TimeSpan duration)
    {
        var n = 0;
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < duration; n++)
        {
            await GetAsync(client, path, accept);
        }

        return n;
    }

    private static async Task<byte[]> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
        }

        return body;
    }

    /// <summary>Items of a list, or rows of a Table, and the continue token.</summary>
    private static (int Count, string? Continue) Count(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var kind = root.GetProperty("kind").GetString();
        var entries = root.GetProperty(kind == "Table" ? "rows" : "items");
        var cont = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("continue", out var c) ? c.GetString() : null;
        return (entries.GetArrayLength(), cont);
    }

    /// <summary>Whether <paramref name="accept"/> asked for a Table and got one (a server may fall back to a list).</summary>
    public static async Task<string> KindAsync(HttpClient client, string path, string accept)
    {
        using var document = JsonDocument.Parse(await GetAsync(client, path + "?limit=1", accept));
        return document.RootElement.GetProperty("kind").GetString() ?? "";
    }
}
