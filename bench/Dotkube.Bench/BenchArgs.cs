using System.Globalization;

namespace Dotkube.Bench;

/// <summary>The few options benchmarks take: <c>--name value</c> pairs and positional words.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    public BenchArgs(string[] args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    public double Double(string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => options.GetValueOrDefault(name, fallback);
}
