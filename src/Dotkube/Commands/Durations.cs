using System.Globalization;
using System.Text.RegularExpressions;

namespace Dotkube.Commands;

/// <summary>Go-style durations as kube flags take them: "10m", "24h", "1h30m", "8760h0m0s", "90s".</summary>
public static partial class Durations
{
    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex Part();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var matched = 0;
        foreach (Match m in Part().Matches(text))
        {
            if (m.Index != matched)
            {
                return false;
            }
            matched += m.Length;
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                _ => TimeSpan.FromMilliseconds(n),
            };
        }
        return matched == text.Length && matched > 0;
    }
}
