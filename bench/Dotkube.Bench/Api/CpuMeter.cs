using System.Diagnostics;

namespace Dotkube.Bench.Api;

/// <summary>
/// CPU time a server process and this benchmark process spent during a phase (user + system, from
/// /proc via <see cref="Process.TotalProcessorTime"/>): per request it is the server's own cost,
/// free of how the shared cores were scheduled.
/// </summary>
internal sealed class CpuMeter
{
    private readonly int serverPid;
    private readonly TimeSpan serverStart;
    private readonly TimeSpan benchStart;
    private readonly long wallStart = Stopwatch.GetTimestamp();

    private CpuMeter(int serverPid)
    {
        this.serverPid = serverPid;
        serverStart = ServerTime(serverPid);
        benchStart = BenchTime();
    }

    public static CpuMeter Start(int serverPid) => new(serverPid);

    public CpuUse Stop() => new(
        ServerTime(serverPid) - serverStart,
        BenchTime() - benchStart,
        Stopwatch.GetElapsedTime(wallStart));

    private static TimeSpan ServerTime(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    private static TimeSpan BenchTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}

/// <summary>CPU time of the server and of the benchmark (the clients) over a phase of <see cref="Wall"/> length.</summary>
internal sealed record CpuUse(TimeSpan Server, TimeSpan Bench, TimeSpan Wall)
{
    /// <summary>Server CPU microseconds per request.</summary>
    public double ServerMicrosecondsPer(int requests) => Server.TotalMicroseconds / Math.Max(1, requests);

    public double BenchMicrosecondsPer(int requests) => Bench.TotalMicroseconds / Math.Max(1, requests);

    /// <summary>"server 1.2 + clients 0.7 of 2 cores".</summary>
    public string Cores() =>
        $"server {Server / Wall:F2} + clients {Bench / Wall:F2} of {Environment.ProcessorCount} cores";
}
