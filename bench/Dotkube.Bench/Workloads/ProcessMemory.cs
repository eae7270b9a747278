using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Dotkube.Bench.Workloads;

/// <summary>
/// Memory of another process: its resident set from /proc (what the kernel charges it), and its
/// GC heap through dotnet-counters when that tool is installed (~/.dotnet/tools), else unknown.
/// </summary>
internal static class ProcessMemory
{
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }

    /// <summary>The runtime's own figures (name → value) from a few seconds of dotnet-counters, or empty without the tool.</summary>
    public static async Task<Dictionary<string, double>> RuntimeCountersAsync(int pid)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-counters");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(tool))
        {
            return result;
        }
        var output = Path.Combine(Path.GetTempPath(), $"dotkube-bench-counters-{pid}.json");
        var start = new ProcessStartInfo(tool)
        {
            ArgumentList = { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime", "--duration", "00:00:00:04", "--format", "json", "-o", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (!File.Exists(output))
        {
            return result;
        }
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);
        foreach (var e in doc.RootElement.GetProperty("Events").EnumerateArray())
        {
            var name = e.GetProperty("name").GetString() ?? "";
            var tags = e.TryGetProperty("tags", out var t) ? t.GetString() : null;
            result[string.IsNullOrEmpty(tags) ? name : $"{name}[{tags}]"] = e.GetProperty("value").GetDouble();
        }
        return result;
    }
}
