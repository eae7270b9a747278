using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>How Go prints values in the messages we must reproduce.</summary>
internal static class GoText
{
    /// <summary>strconv.Quote: double quotes, backslash escapes for quotes, backslashes and unprintable runes.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\a':
                    sb.Append("\\a");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\v':
                    sb.Append("\\v");
                    break;
                default:
                    if (IsPrint(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x80)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (rune.Value < 0x10000)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                    }
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune r) => r.Value == ' ' || Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
            or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };

    /// <summary>
    /// <c>fmt.Sprintf("%+v", v)</c> of the value Go's decoder makes of this JSON in an
    /// <c>interface{}</c>: <c>map[a:1 b:[x y]]</c>, keys sorted, strings bare, nil as &lt;nil&gt;.
    /// </summary>
    public static string Format(JsonNode? node)
    {
        var sb = new StringBuilder();
        Format(node, sb);
        return sb.ToString();
    }

    private static void Format(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("<nil>");
                break;
            case JsonObject obj:
                sb.Append("map[");
                var first = true;
                foreach (var (key, value) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }
                    first = false;
                    sb.Append(key).Append(':');
                    Format(value, sb);
                }
                sb.Append(']');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }
                    Format(array[i], sb);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        sb.Append(value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        sb.Append("true");
                        break;
                    case JsonValueKind.False:
                        sb.Append("false");
                        break;
                    case JsonValueKind.Number:
                        var text = JsonNumbers.Text(value);
                        sb.Append(JsonNumbers.IsGoInt(text) ? text : FormatFloat(double.Parse(text, CultureInfo.InvariantCulture)));
                        break;
                    default:
                        sb.Append(value.ToJsonString());
                        break;
                }
                break;
        }
    }

    /// <summary>Go's %v of a float64 (%g, shortest digits): an exponent below 1e-4 and from 1e+06 up.</summary>
    public static string FormatFloat(double f)
    {
        if (double.IsNaN(f))
        {
            return "NaN";
        }
        if (double.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0)
        {
            return double.IsNegative(f) ? "-0" : "0";
        }
        // "R" gives the shortest round-trip digits; take them apart into digits and exponent.
        var shortest = f.ToString("R", CultureInfo.InvariantCulture);
        var negative = f < 0;
        var mantissa = shortest.TrimStart('-');
        var exp = 0;
        var ePos = mantissa.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exp = int.Parse(mantissa[(ePos + 1)..], CultureInfo.InvariantCulture);
            mantissa = mantissa[..ePos];
        }
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        // Position of the decimal point relative to the first significant digit.
        var decimalPoint = intPart.Length - leadingZeros + exp;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }
        var x = decimalPoint - 1;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        // %v is %g with the shortest precision, which switches to an exponent when x < -4 || x >= 6.
        if (x < -4 || x >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }
            sb.Append('e').Append(x < 0 ? '-' : '+');
            var ax = Math.Abs(x);
            sb.Append(ax < 10 ? "0" + ax.ToString(CultureInfo.InvariantCulture) : ax.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
        if (decimalPoint <= 0)
        {
            sb.Append("0.").Append('0', -decimalPoint).Append(digits);
        }
        else if (decimalPoint >= digits.Length)
        {
            sb.Append(digits).Append('0', decimalPoint - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
        }
        return sb.ToString();
    }
}
