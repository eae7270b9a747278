using System.Globalization;

namespace Dotkube.ApiServer.Resources.Batch;

/// <summary>Go's time.ParseDuration grammar (<c>1h30m</c>, <c>300ms</c>, <c>-1.5h</c>), for its error texts.</summary>
public static class GoDuration
{
    private static readonly string[] Units = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"];

    /// <summary>Null when <paramref name="s"/> is a valid Go duration, else Go's error text.</summary>
    public static string? ParseError(string s)
    {
        var quoted = "\"" + s + "\"";
        var rest = s;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            rest = rest[1..];
        }
        if (rest == "0")
        {
            return null;
        }
        if (rest.Length == 0)
        {
            return "time: invalid duration " + quoted;
        }
        while (rest.Length > 0)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }
            var number = rest[..digits];
            if (number.Length == 0 || number == "." || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            {
                return "time: invalid duration " + quoted;
            }
            rest = rest[digits..];
            var unitLength = 0;
            while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]) && rest[unitLength] != '.')
            {
                unitLength++;
            }
            if (unitLength == 0)
            {
                return "time: missing unit in duration " + quoted;
            }
            var unit = rest[..unitLength];
            if (!Units.Contains(unit))
            {
                return $"time: unknown unit \"{unit}\" in duration {quoted}";
            }
            rest = rest[unitLength..];
        }
        return null;
    }
}
