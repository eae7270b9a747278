namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// kubectl's human-readable table output, read back into cells. kubectl aligns every column with a
/// tab writer (at least three spaces between columns), so a column starts where its header starts
/// and a cell ends where the next column begins. Headers may hold one space ("NOMINATED NODE").
/// </summary>
public sealed class KubectlTable
{
    private KubectlTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Headers = headers;
        Rows = rows;
    }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>Parses <paramref name="output"/>, whose first non-empty line must be the header.</summary>
    public static KubectlTable Parse(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new FormatException("no table in kubectl's output (it was empty)");
        }

        var header = lines[0];
        var starts = ColumnStarts(header);
        var headers = starts.Select((s, i) => Cell(header, s, i + 1 < starts.Count ? starts[i + 1] : int.MaxValue)).ToList();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < starts.Count; i++)
            {
                row[headers[i]] = Cell(line, starts[i], i + 1 < starts.Count ? starts[i + 1] : int.MaxValue);
            }

            rows.Add(row);
        }

        return new KubectlTable(headers, rows);
    }

    /// <summary>The one row whose NAME is <paramref name="name"/>.</summary>
    public IReadOnlyDictionary<string, string> Row(string name, string nameColumn = "NAME")
    {
        var matches = Rows.Where(r => r[nameColumn] == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"expected one row with {nameColumn} {name}, found {matches.Count} in:\n{string.Join('\n', Rows.Select(r => string.Join(" | ", r.Values)))}");
    }

    /// <summary>The values of <paramref name="column"/>, top to bottom.</summary>
    public IReadOnlyList<string> Column(string column) => Rows.Select(r => r[column]).ToList();

    // A column starts at the first letter after two or more spaces; a single space stays inside a header.
    private static List<int> ColumnStarts(string header)
    {
        var starts = new List<int> { 0 };
        for (var i = 2; i < header.Length; i++)
        {
            if (header[i] != ' ' && header[i - 1] == ' ' && header[i - 2] == ' ')
            {
                starts.Add(i);
            }
        }

        return starts;
    }

    private static string Cell(string line, int start, int end) =>
        start >= line.Length ? "" : line[start..Math.Min(end, line.Length)].Trim();
}
