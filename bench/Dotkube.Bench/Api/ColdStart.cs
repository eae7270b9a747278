using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Dotkube.Bench.Api;

/// <summary>
/// Starts a server process and times it: process start → ready line, process start → first
/// 200 from /readyz (polled anonymously every few milliseconds, as upstream lets anyone read
/// /readyz), and the resident memory once it has sat idle for a while.
/// </summary>
internal static partial class ColdStart
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<StartTimes> MeasureAsync(Func<ServedProcess> start, int port, TimeSpan idle)
    {
        using var probe = AnonymousProbe();
        var url = new Uri($"https://127.0.0.1:{port}/readyz");
        using var stopProbing = new CancellationTokenSource(ReadyTimeout);
        var process = start();
        try
        {
            var firstReadyz = ProbeUntilReadyAsync(probe, url, process.StartedAt, stopProbing.Token);
            var (line, toReadyLine) = await process.WaitReadyAsync(ReadyTimeout);
            var toReadyz = await firstReadyz;
            await Task.Delay(idle);
            var rss = Posix.StatusMegabytes(process.Id, "VmRSS");
            return new StartTimes(process, toReadyLine, toReadyz, rss, OwnCount(line));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static async Task<TimeSpan> ProbeUntilReadyAsync(HttpClient probe, Uri url, long startedAt, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var response = await probe.GetAsync(url, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(startedAt);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (connection refused): keep polling until ready or the deadline.
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested && e.InnerException is TimeoutException)
            {
                // The connect itself timed out (a loaded machine): keep polling until ready or the deadline.
            }

            await Task.Delay(ProbeEvery, ct);
        }
    }

    /// <summary>No client certificate and no server check: the CA does not exist before the server writes it; loopback only.</summary>
    private static HttpClient AnonymousProbe() => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectTimeout = TimeSpan.FromSeconds(1),
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>The server's own count in its ready line ("dotkube is ready in 412 ms"), from its Main to ready.</summary>
    private static double? OwnCount(string line) =>
        ReadyIn().Match(line) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"ready in (\d+) ms")]
    private static partial Regex ReadyIn();
}

/// <summary>A started server and how long it took; <see cref="Process"/> is still running.</summary>
internal sealed record StartTimes(ServedProcess Process, TimeSpan ToReadyLine, TimeSpan ToReadyz, double IdleRssMb, double? ServerOwnMs);
