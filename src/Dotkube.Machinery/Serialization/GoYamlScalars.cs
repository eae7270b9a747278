using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dotkube.Machinery.Serialization;

/// <summary>
/// How go-yaml v2 (behind sigs.k8s.io/yaml, so behind kubectl and the API server) types an
/// untagged plain scalar: YAML 1.1 booleans (yes/no/on/off/y/n), nulls (~, null, empty),
/// ints in any Go base (0x, 0o, 0b, leading 0 for octal, underscores ignored), floats; everything
/// else, timestamps included, stays a string.
/// </summary>
internal static partial class GoYamlScalars
{
    public enum Kind
    {
        String,
        Null,
        Bool,
        Int,
        Float,
        Merge,
    }

    private static readonly Dictionary<string, (Kind Kind, object? Value)> Known = Build();

    private static Dictionary<string, (Kind, object?)> Build()
    {
        var map = new Dictionary<string, (Kind, object?)>(StringComparer.Ordinal);
        foreach (var s in (string[])["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
        {
            map[s] = (Kind.Bool, true);
        }
        foreach (var s in (string[])["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
        {
            map[s] = (Kind.Bool, false);
        }
        foreach (var s in (string[])["", "~", "null", "Null", "NULL"])
        {
            map[s] = (Kind.Null, null);
        }
        foreach (var s in (string[])[".nan", ".NaN", ".NAN"])
        {
            map[s] = (Kind.Float, double.NaN);
        }
        foreach (var s in (string[])[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"])
        {
            map[s] = (Kind.Float, double.PositiveInfinity);
        }
        foreach (var s in (string[])["-.inf", "-.Inf", "-.INF"])
        {
            map[s] = (Kind.Float, double.NegativeInfinity);
        }
        map["<<"] = (Kind.Merge, "<<");
        return map;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex YamlFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?\z")]
    private static partial Regex DotFloat();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\z")]
    private static partial Regex Base60Float();

    /// <summary>The type and value of a plain scalar: Int values are BigInteger, Float double, Bool bool.</summary>
    public static (Kind Kind, object? Value) Resolve(string s)
    {
        if (Known.TryGetValue(s, out var known))
        {
            return known;
        }
        var first = s[0];
        if (first == '.')
        {
            return DotFloat().IsMatch(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d)
                ? (Kind.Float, d)
                : (Kind.String, s);
        }
        if (!(char.IsAsciiDigit(first) || first is '+' or '-'))
        {
            return (Kind.String, s);
        }
        var plain = s.Replace("_", "", StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var integer))
        {
            return (Kind.Int, integer);
        }
        if (YamlFloat().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && !double.IsInfinity(f))
        {
            return (Kind.Float, f);
        }
        return (Kind.String, s);
    }

    /// <summary>
    /// Whether go-yaml would write this string without quotes: it must read back as a string, and
    /// not look like a timestamp or a base-60 number (so creationTimestamp values come out quoted).
    /// </summary>
    public static bool CanBePlain(string s) => s.Length > 0 && Resolve(s).Kind == Kind.String && !Base60Float().IsMatch(s) && !IsTimestamp(s);

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?\z")]
    private static partial Regex Timestamp();

    /// <summary>The timestamp forms go-yaml recognises: a date, or a date and time (zone required after T, absent after a space).</summary>
    public static bool IsTimestamp(string s)
    {
        var m = Timestamp().Match(s);
        if (!m.Success)
        {
            return false;
        }
        var hasTime = m.Groups[4].Success;
        var hasZone = m.Groups[7].Success;
        var separator = hasTime ? s[m.Groups[3].Index + m.Groups[3].Length] : ' ';
        if ((!hasTime && hasZone) || (hasTime && separator != ' ' && !hasZone) || (hasTime && separator == ' ' && hasZone))
        {
            return false;
        }
        int Part(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part(1), Part(2), Part(3));
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }
        return !hasTime || (Part(4) < 24 && Part(5) < 60 && Part(6) < 60);
    }

    /// <summary>
    /// strconv.ParseInt/ParseUint with base 0, and big integers beyond them: a sign, then 0x/0o/0b
    /// prefixes or a leading 0 for octal, else decimal.
    /// </summary>
    public static bool TryParseGoInt(string s, out BigInteger value)
    {
        value = BigInteger.Zero;
        var negative = false;
        var body = s;
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (body.Length == 0)
        {
            return false;
        }
        var radix = 10;
        if (body.Length > 1 && body[0] == '0')
        {
            switch (body[1])
            {
                case 'x' or 'X':
                    radix = 16;
                    body = body[2..];
                    break;
                case 'o' or 'O':
                    radix = 8;
                    body = body[2..];
                    break;
                case 'b' or 'B':
                    radix = 2;
                    body = body[2..];
                    break;
                default:
                    radix = 8;
                    body = body[1..];
                    break;
            }
        }
        if (body.Length == 0)
        {
            return false;
        }
        foreach (var c in body)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return false;
            }
            value = value * radix + digit;
        }
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    /// <summary>A float as Go's encoding/json writes it (how YAML numbers reach JSON): plain between 1e-6 and 1e21, else 1e+21 / 1e-7.</summary>
    public static JsonNode JsonFloat(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new YamlJsonException("json: unsupported value: " + (double.IsNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf"));
        }
        var abs = Math.Abs(d);
        string text;
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            // Go cleans a two-digit negative exponent: e-07 becomes e-7.
            text = Exponent(d);
            var n = text.Length;
            if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0')
            {
                text = text[..(n - 2)] + text[(n - 1)..];
            }
        }
        else
        {
            text = Plain(d);
        }
        return JsonNode.Parse(text)!;
    }

    /// <summary>strconv.FormatFloat(f, 'g', -1, 64): how go-yaml writes a float.</summary>
    public static string GoG(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }
        var (digits, dp) = ShortestDigits(Math.Abs(d));
        var exp = dp - 1;
        // Shortest formatting decides with precision 6, or the digit count when that is smaller and covers the integer part.
        var eprec = 6;
        if (eprec > digits.Length && digits.Length >= dp)
        {
            eprec = digits.Length;
        }
        return exp < -4 || exp >= eprec ? Exponent(d) : Plain(d);
    }

    /// <summary>'e' formatting with the shortest digits: 1.5e+21, 1e-05.</summary>
    private static string Exponent(double d)
    {
        if (d == 0)
        {
            return "0e+00";
        }
        var (digits, dp) = ShortestDigits(Math.Abs(d));
        var exp = dp - 1;
        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>'f' formatting with the shortest digits.</summary>
    private static string Plain(double d)
    {
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }
        var (digits, dp) = ShortestDigits(Math.Abs(d));
        var sign = d < 0 ? "-" : "";
        if (dp <= 0)
        {
            return sign + "0." + new string('0', -dp) + digits;
        }
        return dp >= digits.Length ? sign + digits + new string('0', dp - digits.Length) : sign + digits[..dp] + "." + digits[dp..];
    }

    /// <summary>The shortest round-trip digits of a positive double (no leading or trailing zeros) and where its decimal point falls.</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double d)
    {
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E');
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var dp = (point < 0 ? mantissa.Length : point) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        return (digits.Trim('0'), dp - lead);
    }
}
