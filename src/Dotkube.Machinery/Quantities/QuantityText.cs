using System.Globalization;
using System.Numerics;

namespace Dotkube.Machinery.Quantities;

/// <summary>The text side of quantities: splitting input into number and suffix, and printing canonically.</summary>
internal static class QuantityText
{
    /// <summary>A quantity's text in pieces: sign, integer digits (leading zeros dropped, "0" when none), fraction digits, suffix.</summary>
    internal readonly record struct Parts(bool Positive, string Integer, string Fraction, string Suffix);

    private const string SuffixChars = "eEinumkKMGTP";

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>
    /// Splits <c>[+-]digits[.digits]suffix</c> where the suffix is letters from
    /// <see cref="SuffixChars"/>, then an optional sign and digits. Like upstream, a number may be
    /// missing altogether ("-" and "." read as zero).
    /// </summary>
    internal static bool TrySplit(string s, out Parts parts)
    {
        parts = default;
        var positive = true;
        var pos = 0;
        if (s[0] is '-' or '+')
        {
            positive = s[0] == '+';
            pos++;
        }
        while (pos < s.Length && s[pos] == '0')
        {
            pos++;
        }
        var start = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
        {
            pos++;
        }
        var integer = pos > start ? s[start..pos] : "0";
        var fraction = "";
        if (pos < s.Length && s[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }
            fraction = s[start..pos];
        }
        var suffixStart = pos;
        while (pos < s.Length && SuffixChars.Contains(s[pos]))
        {
            pos++;
        }
        if (pos < s.Length && s[pos] is '-' or '+')
        {
            pos++;
        }
        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
        {
            pos++;
        }
        if (pos != s.Length)
        {
            return false;
        }
        parts = new Parts(positive, integer, fraction, s[suffixStart..]);
        return true;
    }

    /// <summary>What a suffix means: a power of 2 (binary) or of 10, and the format it implies.</summary>
    internal static bool TryInterpretSuffix(string suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        exponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            return true;
        }
        var index = Array.IndexOf(BinarySuffixes, suffix);
        if (index > 0)
        {
            binary = true;
            exponent = index * 10;
            format = QuantityFormat.BinarySI;
            return true;
        }
        format = QuantityFormat.DecimalExponent;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return true;
        }
        exponent = 0;
        return false;
    }

    /// <summary>
    /// Upstream keeps the text as written (and prints it back verbatim) when it parsed on its fast
    /// path and already looked canonical: a multiple-of-three exponent without trailing "000", or a
    /// binary value not divisible by 8. This is why <c>+1k</c> prints as <c>+1k</c>.
    /// </summary>
    internal static bool KeepsOriginal(Parts parts, bool binary, int exponent, BigInteger mantissa)
    {
        var shifted = parts.Integer + parts.Fraction;
        if (binary)
        {
            var precision = 15 - parts.Integer.Length - (int)(exponent * 3f / 10f) - 1;
            if (parts.Fraction.Length > 0 || precision < 0 || BigInteger.Abs(mantissa) > long.MaxValue)
            {
                return false;
            }
            var value = BigInteger.Parse(shifted, CultureInfo.InvariantCulture);
            return exponent % 10 == 0 && !(value & 7).IsZero;
        }
        var scale = exponent - parts.Fraction.Length;
        return 18 - shifted.Length >= 0 && scale >= -9 && scale % 3 == 0
            && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
    }

    /// <summary>The canonical text of <c>mantissa * 10^exponent</c> in a format.</summary>
    internal static string Canonical(BigInteger mantissa, int exponent, QuantityFormat format)
    {
        if (mantissa.IsZero)
        {
            return "0";
        }
        if (format == QuantityFormat.BinarySI)
        {
            if (TryBinary(mantissa, exponent, out var text))
            {
                return text;
            }
            format = QuantityFormat.DecimalSI;
        }

        // Drop trailing zeros, then give some back until the exponent is a multiple of three.
        while (true)
        {
            var q = BigInteger.DivRem(mantissa, 10, out var r);
            if (!r.IsZero)
            {
                break;
            }
            mantissa = q;
            exponent++;
        }
        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }
        var number = mantissa.ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalExponent)
        {
            return exponent == 0 ? number : number + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        }
        if (exponent > 18)
        {
            // Upstream has no suffix beyond E and would drop the exponent; keep the value right instead.
            number += new string('0', exponent - 18);
            exponent = 18;
        }
        var suffix = exponent switch
        {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            18 => "E",
            _ => "",
        };
        return number + suffix;
    }

    /// <summary>Whole values of at least 1024 print in powers of 1024; anything else falls back to DecimalSI.</summary>
    private static bool TryBinary(BigInteger mantissa, int exponent, out string text)
    {
        text = "";
        BigInteger value;
        if (exponent >= 0)
        {
            value = mantissa * BigInteger.Pow(10, exponent);
        }
        else
        {
            value = BigInteger.DivRem(mantissa, BigInteger.Pow(10, -exponent), out var remainder);
            if (!remainder.IsZero)
            {
                return false;
            }
        }
        if (BigInteger.Abs(value) < 1024)
        {
            return false;
        }
        var power = 0;
        while (power < BinarySuffixes.Length - 1)
        {
            var q = BigInteger.DivRem(value, 1024, out var r);
            if (!r.IsZero)
            {
                break;
            }
            value = q;
            power++;
        }
        text = value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
        return true;
    }
}
