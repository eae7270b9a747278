using System.Diagnostics;

namespace Dotkube.Bench;

/// <summary>What the benchmarks that drive a server process share: waiting, timing, progress and report rows.</summary>
internal static class BenchSupport
{
    /// <summary>The repository's root (where Directory.Packages.props is), found upward from the binary.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Directory.Packages.props) above " + AppContext.BaseDirectory);
    }

    /// <summary>A timestamped line on stderr, so stdout stays the report.</summary>
    public static void Progress(string what) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {what}");

    /// <summary>Polls <paramref name="probe"/> every <paramref name="poll"/> until done, reporting its state every 10 s.</summary>
    public static async Task UntilAsync(Func<Task<(bool Done, string State)>> probe, TimeSpan timeout, TimeSpan poll)
    {
        var deadline = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        while (true)
        {
            var (done, state) = await probe();
            if (done)
            {
                return;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"gave up after {timeout.TotalMinutes:F0} min: {state}");
            }
            if (state.Length > 0 && lastReport.Elapsed > TimeSpan.FromSeconds(10))
            {
                Progress($"{deadline.Elapsed.TotalSeconds:F0} s: {state}");
                lastReport.Restart();
            }
            await Task.Delay(poll);
        }
    }

    /// <summary>The same, for a probe with no state worth reporting.</summary>
    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, TimeSpan poll) =>
        UntilAsync(async () => (await probe(), ""), timeout, poll);

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    /// <summary>One row of a results table: | id | what | result | ratio | against |.</summary>
    public static string Row(string id, string what, string result, string ratio, string against) =>
        $"| {id} | {what} | {result} | {ratio} | {against} |";
}
