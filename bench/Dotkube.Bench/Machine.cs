namespace Dotkube.Bench;

/// <summary>Facts about the machine a result was measured on, for RESULTS.md.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return $"{Environment.ProcessorCount} CPUs (nproc), {cpu}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }
}
