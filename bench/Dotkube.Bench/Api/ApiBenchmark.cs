using System.Globalization;
using Dotkube.Bench.Storage;

namespace Dotkube.Bench.Api;

/// <summary>
/// <c>api</c>: a real <c>dotkube server</c> process under HTTPS load, side by side in one run with
/// the machine's ceilings: raw durable SQLite inserts (the storage benchmark's own baseline) and a
/// bare Kestrel HTTPS endpoint with the server's TLS setup. Prints a markdown section and writes it
/// into bench/RESULTS.md.
/// </summary>
internal static class ApiBenchmark
{
    public const string ReadyText = "dotkube is ready";

    /// <summary>How long a freshly started server sits idle before its resident memory is read.</summary>
    public static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        if (args.String("child", "") == BareKestrel.ChildName)
        {
            return await BareKestrel.RunChildAsync(args);
        }

        var options = ApiBenchOptions.From(args);
        if (!File.Exists(options.DotkubePath))
        {
            Console.Error.WriteLine($"dotkube is not built at {options.DotkubePath}; run `dotnet build -c Release src/Dotkube` or pass --dotkube PATH");
            return 2;
        }

        var root = Directory.CreateTempSubdirectory("dotkube-bench-api-").FullName;
        try
        {
            var report = await new ApiRun(options, root).MeasureAsync();
            var section = report.Render();
            Console.WriteLine(section);
            if (options.ResultsPath is { } results)
            {
                report.WriteInto(results);
                Console.Error.WriteLine($"wrote the \"{ApiReport.Heading[3..]}\" section of {results}");
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"api benchmark failed: {e}");
            return 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public static ServedProcess StartDotkube(ApiBenchOptions options, string dataDir, int port, params string[] extraArgs) =>
        ServedProcess.Start(
            options.DotkubePath,
            ["server", "--data-dir", dataDir, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1", "--datastore", options.Datastore, .. extraArgs],
            options.ProfileDirectory is null ? new Dictionary<string, string>() : PerfProfile.ServerEnvironment,
            ReadyText);

    public static void Progress(string what) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} running {what} ...");

    public static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The raw durable insert baseline, shared with the storage benchmark.</summary>
    public static (double OpsPerSecond, double P50Ms, double P99Ms) RawInserts(string path, double seconds) =>
        RawSqlite.DurableInserts(path, RandomBytes(PodManifest.TargetBytes), seconds);
}
