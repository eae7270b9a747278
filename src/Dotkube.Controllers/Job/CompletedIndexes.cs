using System.Globalization;
using System.Text;

namespace Dotkube.Controllers.Job;

/// <summary>
/// status.completedIndexes: sorted indexes as comma-separated numbers and ranges ("1,3-5,7").
/// </summary>
public static class CompletedIndexes
{
    /// <summary>The indexes in <paramref name="text"/> below <paramref name="completions"/>; malformed parts are skipped.</summary>
    public static SortedSet<int> Parse(string? text, int completions)
    {
        var set = new SortedSet<int>();
        if (string.IsNullOrEmpty(text))
        {
            return set;
        }
        foreach (var part in text.Split(','))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? part : part[..dash];
            var last = dash < 0 ? part : part[(dash + 1)..];
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                continue;
            }
            for (var i = from; i <= to && i < completions; i++)
            {
                set.Add(i);
            }
        }
        return set;
    }

    public static string Format(IEnumerable<int> indexes)
    {
        var text = new StringBuilder();
        int? start = null, end = null;
        void Flush()
        {
            if (start is null)
            {
                return;
            }
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(CultureInfo.InvariantCulture, $"{start}");
            if (end != start)
            {
                text.Append(CultureInfo.InvariantCulture, $"-{end}");
            }
        }
        foreach (var i in indexes.Distinct().Order())
        {
            if (end is { } e && i == e + 1)
            {
                end = i;
                continue;
            }
            Flush();
            start = end = i;
        }
        Flush();
        return text.ToString();
    }
}
