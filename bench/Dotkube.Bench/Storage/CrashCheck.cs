using System.Diagnostics;
using System.Globalization;
using Dotkube.Storage.Sqlite;

namespace Dotkube.Bench.Storage;

/// <summary>
/// <c>storage-crash</c>: a child process writes to a SQLite store with 16 concurrent writers and reports
/// every acknowledged write; the parent kills it with SIGKILL mid-stream, reopens the file and checks
/// that every acknowledged write is there with the revision it was acknowledged with.
/// </summary>
/// <remarks>
/// A killed process loses what it had not handed to the kernel; a power cut would also lose what the
/// kernel had not written. synchronous=FULL fsyncs every commit before acknowledging it, which covers
/// both, but only the first is what this check can show.
/// </remarks>
internal static class CrashCheck
{
    public const string ChildCommand = "storage-crash-child";
    private const int Writers = 16;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = args.Double("seconds", 3);
        var root = args.String("dir", Path.Combine(Path.GetTempPath(), "dotkube-crash-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "state.db");
        try
        {
            var acked = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var child = StartChild(path))
            {
                var stopwatch = Stopwatch.StartNew();
                while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds) && await child.StandardOutput.ReadLineAsync() is { } line)
                {
                    // "ack KEY REVISION ." — the final dot proves the line was not cut by the kill.
                    var parts = line.Split(' ');
                    if (parts is ["ack", var key, var revision, "."])
                    {
                        acked[key] = long.Parse(revision, CultureInfo.InvariantCulture);
                    }
                }

                child.Kill(); // SIGKILL: no shutdown code runs in the child
                await child.WaitForExitAsync();
                // Lines already in the pipe were acknowledged before the kill too.
                while (await child.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line.Split(' ') is ["ack", var key, var revision, "."])
                    {
                        acked[key] = long.Parse(revision, CultureInfo.InvariantCulture);
                    }
                }
            }

            if (acked.Count == 0)
            {
                Console.Error.WriteLine("the child acknowledged no writes; nothing was checked");
                return 1;
            }

            await using var store = SqliteStore.Open(path);
            var lost = 0;
            foreach (var (key, revision) in acked)
            {
                var kv = await store.GetAsync(key);
                if (kv is null || kv.ModRevision != revision)
                {
                    lost++;
                    Console.Error.WriteLine($"LOST {key}: acknowledged at {revision}, found {kv?.ModRevision.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");
                }
            }

            var maxAcked = acked.Values.Max();
            Console.WriteLine($"killed after {acked.Count} acknowledged writes (newest revision {maxAcked}); " +
                $"reopened at revision {store.CurrentRevision}; lost {lost}");
            return lost == 0 && store.CurrentRevision >= maxAcked ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public static async Task<int> RunChildAsync(BenchArgs args)
    {
        var path = args.Positional[0];
        await using var store = SqliteStore.Open(path);
        var output = Console.Out;
        var value = new byte[1024];
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; ; n++)
            {
                var key = $"/crash/w{w}/{n:D9}";
                var kv = await store.CreateAsync(key, value);
                lock (output)
                {
                    output.WriteLine($"ack {key} {kv.ModRevision} .");
                }
            }
        })));
        return 0;
    }

    private static Process StartChild(string path)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CrashCheck).Assembly.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(path);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the writer process");
    }
}
