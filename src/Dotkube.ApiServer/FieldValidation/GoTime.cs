using System.Text;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Whether Go's <c>time.Parse</c> accepts a metav1.Time (layout RFC 3339) or metav1.MicroTime
/// (RFC 3339 with exactly six fractional digits) value, and its error when it does not:
/// <c>parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"</c>,
/// <c>parsing time "2024-13-01T00:00:00Z": month out of range</c>.
/// </summary>
internal static partial class GoTime
{
    public const string Rfc3339 = "2006-01-02T15:04:05Z07:00";
    public const string Rfc3339Micro = "2006-01-02T15:04:05.000000Z07:00";

    private enum Element
    {
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Micro,
        Zone,
    }

    // The layouts taken apart as Go's parser walks them: a literal prefix, then an element.
    private static readonly (string Prefix, Element Element, string Text)[] TimeLayout =
    [
        ("", Element.Year, "2006"), ("-", Element.Month, "01"), ("-", Element.Day, "02"), ("T", Element.Hour, "15"),
        (":", Element.Minute, "04"), (":", Element.Second, "05"), ("", Element.Zone, "Z07:00"),
    ];

    private static readonly (string Prefix, Element Element, string Text)[] MicroLayout =
    [
        ("", Element.Year, "2006"), ("-", Element.Month, "01"), ("-", Element.Day, "02"), ("T", Element.Hour, "15"),
        (":", Element.Minute, "04"), (":", Element.Second, "05"), ("", Element.Micro, ".000000"), ("", Element.Zone, "Z07:00"),
    ];

    /// <summary>
    /// The value as Go encodes the metav1.Time (or MicroTime) it decodes to: in UTC, whole seconds
    /// (<c>2024-05-01T08:00:00Z</c>) or exactly six fractional digits, truncated; null when it is
    /// not a form this re-encoding understands (the value is then left as it is).
    /// </summary>
    public static string? Reencode(string value, bool micro)
    {
        var m = TimeTextPattern().Match(value);
        if (!m.Success)
        {
            return null;
        }
        int Part(int group) => int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        DateTime local;
        try
        {
            local = new DateTime(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        var zone = m.Groups[8].Value;
        var offset = TimeSpan.Zero;
        if (zone is not ("Z" or "z"))
        {
            offset = new TimeSpan(int.Parse(zone[1..3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(zone[4..6], System.Globalization.CultureInfo.InvariantCulture), 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }
        var utc = local - offset;
        if (utc.Year is < 1 or > 9999)
        {
            return null;
        }
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        if (!micro)
        {
            return text + "Z";
        }
        var fraction = (m.Groups[7].Value + "000000")[..6];
        return text + "." + fraction + "Z";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TimeTextPattern();

    /// <summary>Null when the value parses; otherwise Go's error message.</summary>
    public static string? Check(string value, bool micro)
    {
        var layout = micro ? Rfc3339Micro : Rfc3339;
        var rest = value;
        int year = 0, month = 0, day = 0;
        foreach (var (prefix, element, text) in micro ? MicroLayout : TimeLayout)
        {
            if (!rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                return CannotParse(value, layout, rest, prefix);
            }
            rest = rest[prefix.Length..];
            var hold = rest;
            var ok = true;
            string? range = null;
            switch (element)
            {
                case Element.Year:
                    ok = rest.Length >= 4 && rest[..4].All(char.IsAsciiDigit);
                    if (ok)
                    {
                        year = int.Parse(rest[..4], System.Globalization.CultureInfo.InvariantCulture);
                        rest = rest[4..];
                    }
                    break;
                case Element.Month:
                    ok = Number(ref rest, fixedWidth: true, out month);
                    range = ok && month is < 1 or > 12 ? "month" : null;
                    break;
                case Element.Day:
                    // Any day number parses here; it is checked against the month at the end.
                    ok = Number(ref rest, fixedWidth: true, out day);
                    break;
                case Element.Hour:
                    ok = Number(ref rest, fixedWidth: false, out var hour);
                    range = hour >= 24 ? "hour" : null;
                    break;
                case Element.Minute:
                    ok = Number(ref rest, fixedWidth: true, out var minute);
                    range = minute >= 60 ? "minute" : null;
                    break;
                case Element.Second:
                    ok = Number(ref rest, fixedWidth: true, out var second);
                    if (ok && second >= 60)
                    {
                        range = "second";
                    }
                    else if (ok && !micro && rest.Length >= 2 && rest[0] is '.' or ',' && char.IsAsciiDigit(rest[1]))
                    {
                        // A fraction the layout does not ask for is accepted after the seconds.
                        var n = 2;
                        while (n < rest.Length && char.IsAsciiDigit(rest[n]))
                        {
                            n++;
                        }
                        rest = rest[n..];
                    }
                    break;
                case Element.Micro:
                    ok = rest.Length >= 7 && rest[0] is '.' or ',' && rest[1..7].All(char.IsAsciiDigit);
                    if (ok)
                    {
                        rest = rest[7..];
                    }
                    break;
                case Element.Zone:
                    if (rest.StartsWith('Z'))
                    {
                        rest = rest[1..];
                        break;
                    }
                    ok = rest.Length >= 6 && rest[3] == ':';
                    if (ok)
                    {
                        var hours = rest[1..3];
                        var minutes = rest[4..6];
                        var mm = 0;
                        ok = Number(ref hours, fixedWidth: true, out var hr) && Number(ref minutes, fixedWidth: true, out mm);
                        range = hr > 24 ? "time zone offset hour" : mm > 60 ? "time zone offset minute" : null;
                        ok &= rest[0] is '+' or '-';
                        rest = rest[6..];
                    }
                    break;
            }
            if (range is not null)
            {
                return $"parsing time {Quote(value)}: {range} out of range";
            }
            if (!ok)
            {
                return CannotParse(value, layout, hold, text);
            }
        }
        if (rest.Length > 0)
        {
            return $"parsing time {Quote(value)}: extra text: {Quote(rest)}";
        }
        if (day < 1 || day > DaysIn(month, year))
        {
            return $"parsing time {Quote(value)}: day out of range";
        }
        return null;
    }

    private static int DaysIn(int month, int year) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Go's getnum: one or two digits, or exactly two when fixed.</summary>
    private static bool Number(ref string s, bool fixedWidth, out int n)
    {
        n = 0;
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]))
        {
            return false;
        }
        if (s.Length < 2 || !char.IsAsciiDigit(s[1]))
        {
            if (fixedWidth)
            {
                return false;
            }
            n = s[0] - '0';
            s = s[1..];
            return true;
        }
        n = (s[0] - '0') * 10 + (s[1] - '0');
        s = s[2..];
        return true;
    }

    private static string CannotParse(string value, string layout, string valueElem, string layoutElem) =>
        $"parsing time {Quote(value)} as {Quote(layout)}: cannot parse {Quote(valueElem)} as {Quote(layoutElem)}";

    /// <summary>The time package's own quoting: \" and \\ escaped, bytes outside printable ASCII as \xNN.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value is >= ' ' and < 0x80)
            {
                if (rune.Value is '"' or '\\')
                {
                    sb.Append('\\');
                }
                sb.Append((char)rune.Value);
                continue;
            }
            foreach (var b in Encoding.UTF8.GetBytes(rune.ToString()))
            {
                sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.Append('"').ToString();
    }
}
