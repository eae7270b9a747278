using System.Globalization;
using System.Text;

namespace Dotkube.Machinery.Time;

/// <summary>
/// Go's time.Duration text form ("1h0m0s", "1.5s", "300ms", "0s"): what metav1.Duration uses in
/// JSON, what CronJob time zones and Go flags accept, and the error texts of Go's ParseDuration.
/// </summary>
public static class GoDuration
{
    private static readonly string[] Units = ["ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h"];

    /// <summary>Parses a duration into a TimeSpan; false when it is not Go duration syntax.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (ParseError(text) is not null)
        {
            return false;
        }
        try
        {
            value = TimeSpan.FromTicks(Parse(text) / 100);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

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

    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }
        var negative = nanoseconds < 0;
        var u = negative ? (ulong)(-(nanoseconds + 1)) + 1 : (ulong)nanoseconds;
        var text = new StringBuilder();
        if (u < 1_000_000_000)
        {
            // Below a second: a single unit with a fraction.
            var (unit, digits) = u < 1_000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6);
            text.Append(WithFraction(u, digits)).Append(unit);
        }
        else
        {
            var seconds = u / 1_000_000_000;
            text.Append(WithFraction(u, 9)).Append('s');
            var minutes = seconds / 60;
            if (minutes > 0)
            {
                text.Insert(0, (minutes % 60).ToString(CultureInfo.InvariantCulture) + "m");
                var hours = minutes / 60;
                if (hours > 0)
                {
                    text.Insert(0, hours.ToString(CultureInfo.InvariantCulture) + "h");
                }
            }
        }
        return negative ? "-" + text : text.ToString();
    }

    /// <summary>v / 10^digits with its fraction, trailing zeros dropped; whole part taken mod 60 for seconds.</summary>
    private static string WithFraction(ulong v, int digits)
    {
        var scale = 1UL;
        for (var i = 0; i < digits; i++)
        {
            scale *= 10;
        }
        var whole = v / scale;
        if (digits == 9)
        {
            whole %= 60;
        }
        var fraction = (v % scale).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        var wholeText = whole.ToString(CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? wholeText : wholeText + "." + fraction;
    }

    /// <summary>Parses Go's duration syntax ("1h30m", "-1.5s", "300ms", "0") into nanoseconds.</summary>
    public static long Parse(string text)
    {
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return 0;
        }
        if (s.Length == 0)
        {
            throw new FormatException($"invalid duration \"{text}\"");
        }
        decimal total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            var number = s[start..i];
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }
            var scale = s[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => throw new FormatException($"invalid duration \"{text}\": unknown or missing unit"),
            };
            if (number.Length == 0 || number == "." || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"invalid duration \"{text}\"");
            }
            total += value * scale;
        }
        total = decimal.Truncate(total);
        if (total > long.MaxValue)
        {
            throw new FormatException($"invalid duration \"{text}\": out of range");
        }
        return negative ? -(long)total : (long)total;
    }
}
