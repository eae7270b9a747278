using System.Globalization;

namespace Dotkube.Bench.Api;

/// <summary>The <c>api</c> subcommand's options, with the defaults the targets are stated for.</summary>
internal sealed record ApiBenchOptions(
    double Seconds,
    double WarmUpSeconds,
    int Clients,
    int Watchers,
    int ListSize,
    Version HttpVersion,
    string Datastore,
    string DotkubePath,
    string? ResultsPath,
    string? ProfileDirectory)
{
    public const string Usage = "API server against raw SQLite and bare Kestrel [--seconds N] [--warmup 15] [--clients 16] [--watchers 100] [--http 2|1.1] [--datastore sqlite|memory] [--dotkube PATH] [--results PATH|none] [--profile DIR]";

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>Load before each timed phase, unmeasured, until tiered compilation has settled.</summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);

    public static ApiBenchOptions From(BenchArgs args)
    {
        var root = RepositoryRoot();
        var http = args.String("http", "2");
        var results = args.String("results", root is null ? "none" : Path.Combine(root, "bench", "RESULTS.md"));
        return new ApiBenchOptions(
            args.Double("seconds", 5),
            args.Double("warmup", 15),
            (int)args.Double("clients", 16),
            (int)args.Double("watchers", 100),
            (int)args.Double("list", 10_000),
            http switch
            {
                "2" => System.Net.HttpVersion.Version20,
                "1.1" => System.Net.HttpVersion.Version11,
                _ => throw new ArgumentException($"--http must be 2 or 1.1, got \"{http}\""),
            },
            args.String("datastore", "sqlite"),
            args.String("dotkube", root is null ? "dotkube" : Path.Combine(root, "src", "Dotkube", "bin", "Release", "net10.0", "dotkube")),
            results == "none" ? null : results,
            args.String("profile", "") is { Length: > 0 } profile ? profile : null);
    }

    /// <summary>The command line that reproduces this run, for RESULTS.md.</summary>
    public string CommandLine()
    {
        var line = $"dotnet run -c Release --project bench/Dotkube.Bench -- api --seconds {Seconds.ToString(CultureInfo.InvariantCulture)}";
        if (WarmUpSeconds != 15)
        {
            line += $" --warmup {WarmUpSeconds.ToString(CultureInfo.InvariantCulture)}";
        }

        if (Clients != 16)
        {
            line += $" --clients {Clients}";
        }

        if (Watchers != 100)
        {
            line += $" --watchers {Watchers}";
        }

        if (ListSize != 10_000)
        {
            line += $" --list {ListSize}";
        }

        if (HttpVersion.Major != 2)
        {
            line += " --http 1.1";
        }

        if (Datastore != "sqlite")
        {
            line += $" --datastore {Datastore}";
        }

        return line;
    }

    /// <summary>The checkout this benchmark was built in (the directory holding Dotkube.slnx), if any.</summary>
    private static string? RepositoryRoot()
    {
        foreach (var from in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Dotkube.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
