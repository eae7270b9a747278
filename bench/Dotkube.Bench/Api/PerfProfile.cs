using System.Diagnostics;
using System.Globalization;

namespace Dotkube.Bench.Api;

/// <summary>
/// Optional CPU profile of the server during one phase (<c>--profile DIR</c>): <c>perf record -g
/// -p PID -- sleep N</c>, bounded by the phase's length, then <c>perf report</c> to a text file
/// beside the data. The server runs with DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names,
/// with W^X off (perf cannot map code it sees through the double-mapped memfd to those names),
/// ReadyToRun off (precompiled framework code has no names for perf; jitted, it does) and tiered
/// compilation off (every method is compiled once, fully optimized, during the warm-up, instead of
/// being recompiled while the phase is recorded).
/// </summary>
internal sealed class PerfProfile
{
    public static readonly IReadOnlyDictionary<string, string> ServerEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
        ["DOTNET_ReadyToRun"] = "0",
        ["DOTNET_TieredCompilation"] = "0",
    };

    private readonly string directory;

    public PerfProfile(string directory)
    {
        this.directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(this.directory);
    }

    /// <summary>Starts recording <paramref name="pid"/> for <paramref name="duration"/>; await the result after the phase.</summary>
    public Task<string> RecordAsync(int pid, string phase, TimeSpan duration)
    {
        var data = Path.Combine(directory, phase + ".perf.data");
        var seconds = Math.Ceiling(duration.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var record = Run("perf", ["record", "-F", "499", "-g", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", data, "--", "sleep", seconds]);
        return ReportAsync(record, data, Path.Combine(directory, phase + ".txt"));
    }

    /// <summary>Removes the JIT symbol maps a process run with <see cref="ServerEnvironment"/> left in /tmp, once it has exited.</summary>
    public static void DeleteSymbolMaps(int pid)
    {
        File.Delete(Path.Combine(Path.GetTempPath(), $"perf-{pid}.map"));
        File.Delete(Path.Combine(Path.GetTempPath(), $"perfinfo-{pid}.map"));
    }

    private static async Task<string> ReportAsync(Task<string> record, string data, string text)
    {
        await record;
        var flat = await Run("perf", ["report", "-i", data, "--no-children", "--sort", "dso,symbol", "--stdio", "-g", "none", "--percent-limit", "0.5"]);
        var byCaller = await Run("perf", ["report", "-i", data, "--children", "--sort", "symbol", "--stdio", "-g", "none", "--percent-limit", "2"]);
        await File.WriteAllTextAsync(text, "# self time\n" + flat + "\n# including callees\n" + byCaller);
        return text;
    }

    private static async Task<string> Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
