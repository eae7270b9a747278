using System.Globalization;
using System.Text;

namespace Dotkube.Bench.Api;

/// <summary>
/// The API benchmark's results as a markdown section: the measurements with their ratios against
/// the baselines measured in the same run, then the targets and whether each was met.
/// </summary>
internal sealed class ApiReport
{
    public const string Heading = "## API";

    private readonly List<Row> rows = [];
    private readonly List<Goal> targets = [];
    private readonly List<string> notes = [];

    public required string Command { get; init; }

    /// <summary>The section's heading; other benchmarks reuse this report under their own.</summary>
    public string SectionHeading { get; init; } = Heading;

    public required string Setup { get; init; }

    /// <summary>A measurement; <paramref name="ratio"/> is NaN for a baseline or a figure with nothing to compare to.</summary>
    public void Add(string id, string what, string result, double ratio = double.NaN, string against = "") =>
        rows.Add(new Row(id, what, result, ratio, against));

    /// <summary>A target: met when <paramref name="measured"/> is on the right side of <paramref name="limit"/>.</summary>
    public void Target(string what, double measured, string unit, double limit, bool atLeast, string row) =>
        targets.Add(new Goal(what, measured, unit, limit, atLeast, row));

    public void Note(string text) => notes.Add(text);

    public string Render()
    {
        var md = new StringBuilder();
        md.Append(SectionHeading).Append("\n\n");
        md.Append("Command: `").Append(Command).Append("`\n\n");
        md.Append("Machine: ").Append(Machine.Describe()).Append(", load average at start ").Append(Posix.LoadAverage()).Append("\n\n");
        md.Append(Setup).Append("\n\n");
        md.Append("| | measurement | result | ratio | against |\n|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            var ratio = double.IsNaN(row.Ratio) ? "" : row.Ratio.ToString(row.Ratio < 0.1 ? "F3" : "F2", CultureInfo.InvariantCulture);
            md.Append(CultureInfo.InvariantCulture, $"| {row.Id} | {row.What} | {row.Result} | {ratio} | {row.Against} |\n");
        }

        md.Append("\nTargets:\n\n| target | measured | met | row |\n|---|---|---|---|\n");
        foreach (var t in targets)
        {
            var met = t.AtLeast ? t.Measured >= t.Limit : t.Measured < t.Limit;
            md.Append(CultureInfo.InvariantCulture, $"| {t.What} {(t.AtLeast ? "≥" : "<")} {Number(t.Limit)} {t.Unit} | {Number(t.Measured)} {t.Unit} | {(met ? "yes" : "**no**")} | {t.Row} |\n");
        }

        if (notes.Count > 0)
        {
            md.Append("\nReading it:\n");
            foreach (var note in notes)
            {
                md.Append("- ").Append(note).Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>Puts the section into <paramref name="path"/>, replacing the previous one (up to the next "## " heading) or appending.</summary>
    public void WriteInto(string path)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n";
        var section = Render();
        var start = text.StartsWith(SectionHeading + "\n", StringComparison.Ordinal) ? 0 : text.IndexOf("\n" + SectionHeading + "\n", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        if (start < 0)
        {
            text = text.TrimEnd('\n') + "\n\n" + section;
        }
        else
        {
            var end = text.IndexOf("\n## ", start + SectionHeading.Length, StringComparison.Ordinal);
            text = text[..start] + section + (end < 0 ? "" : "\n" + text[(end + 1)..]);
        }

        File.WriteAllText(path, text);
    }

    private static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "F0" : Math.Abs(value) >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    private sealed record Row(string Id, string What, string Result, double Ratio, string Against);

    private sealed record Goal(string What, double Measured, string Unit, double Limit, bool AtLeast, string Row);
}
