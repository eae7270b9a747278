using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Quantities;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>1Gi</c>, <c>1e3</c>): an exact decimal, never
/// finer than nano units, that remembers the suffix family it was written in and prints in
/// upstream's canonical form. Internally <c>Mantissa * 10^Exponent</c>.
/// </summary>
public readonly struct Quantity : IComparable<Quantity>, IEquatable<Quantity>
{
    /// <summary>Upstream rejects values it cannot even split into number and suffix with this text.</summary>
    public const string FormatErrorMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string SuffixErrorMessage = "unable to parse quantity's suffix";
    public const string NumericErrorMessage = "unable to parse numeric part of quantity";

    private readonly BigInteger _mantissa;
    private readonly int _exponent;

    /// <summary>The text as written, kept only when upstream keeps it (it was already canonical-looking).</summary>
    private readonly string? _original;

    public QuantityFormat Format { get; }

    private Quantity(BigInteger mantissa, int exponent, QuantityFormat format, string? original = null)
    {
        _mantissa = mantissa;
        _exponent = exponent;
        Format = format;
        _original = original;
    }

    public static Quantity Zero => default;

    /// <summary>An integer quantity, e.g. <c>FromValue(2, BinarySI)</c>.</summary>
    public static Quantity FromValue(long value, QuantityFormat format = QuantityFormat.DecimalSI) => new(value, 0, format);

    /// <summary>A quantity in thousandths, e.g. <c>FromMilli(500)</c> is <c>500m</c>.</summary>
    public static Quantity FromMilli(long milli, QuantityFormat format = QuantityFormat.DecimalSI) => new(milli, -3, format);

    /// <summary><c>value * 10^scale</c>, DecimalSI like upstream's NewScaledQuantity.</summary>
    public static Quantity FromScaled(long value, int scale) => new(value, scale, QuantityFormat.DecimalSI);

    public bool IsZero => _mantissa.IsZero;

    public int Sign => _mantissa.Sign;

    /// <summary>The value rounded up (away from zero) to a whole number, saturated to the long range.</summary>
    public long Value => ScaledValue(0);

    /// <summary>The value in thousandths, rounded up (away from zero), saturated to the long range.</summary>
    public long MilliValue => ScaledValue(-3);

    /// <summary>The value as the nearest double.</summary>
    public double AsDouble =>
        double.Parse(_mantissa.ToString(CultureInfo.InvariantCulture) + "E" + _exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The value in units of 10^<paramref name="scale"/>, rounded away from zero.</summary>
    public long ScaledValue(int scale)
    {
        var shift = _exponent - scale;
        BigInteger result;
        if (shift >= 0)
        {
            result = _mantissa * BigInteger.Pow(10, shift);
        }
        else
        {
            result = BigInteger.DivRem(_mantissa, BigInteger.Pow(10, -shift), out var remainder);
            if (!remainder.IsZero)
            {
                result += _mantissa.Sign;
            }
        }
        return result > long.MaxValue ? long.MaxValue : result < long.MinValue ? long.MinValue : (long)result;
    }

    public static Quantity Parse(string s) =>
        TryParse(s, out var q, out var error) ? q : throw new FormatException(error);

    public static bool TryParse(string s, out Quantity q) => TryParse(s, out q, out _);

    /// <summary>Parses like upstream's ParseQuantity; <paramref name="error"/> carries its message.</summary>
    public static bool TryParse(string s, out Quantity q, out string error)
    {
        q = default;
        error = FormatErrorMessage;
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }
        if (s == "0")
        {
            q = new Quantity(BigInteger.Zero, 0, QuantityFormat.DecimalSI, "0");
            error = "";
            return true;
        }
        if (!QuantityText.TrySplit(s, out var parts))
        {
            return false;
        }
        if (!QuantityText.TryInterpretSuffix(parts.Suffix, out var isBinary, out var exponent, out var format))
        {
            error = SuffixErrorMessage;
            return false;
        }

        var digits = parts.Integer + parts.Fraction;
        var mantissa = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var exp10 = -parts.Fraction.Length;
        if (isBinary)
        {
            mantissa <<= exponent;
        }
        else
        {
            exp10 += exponent;
        }

        // Nothing finer than a nano unit survives: round the magnitude up.
        if (exp10 < -9)
        {
            var divisor = BigInteger.Pow(10, -9 - exp10);
            var quotient = BigInteger.DivRem(mantissa, divisor, out var remainder);
            mantissa = remainder.IsZero ? quotient : quotient + 1;
            exp10 = -9;
        }
        if (format == QuantityFormat.BinarySI)
        {
            var value = new Quantity(mantissa, exp10, format);
            if (value.CompareTo(MaxBinary) > 0)
            {
                (mantissa, exp10) = (long.MaxValue, 0);
            }
            else if (!mantissa.IsZero && value.CompareTo(FromValue(1)) < 0)
            {
                // A fraction of a unit has no binary suffix to print with.
                format = QuantityFormat.DecimalSI;
            }
        }
        if (!parts.Positive)
        {
            mantissa = -mantissa;
        }
        var original = QuantityText.KeepsOriginal(parts, isBinary, exponent, mantissa) ? s : null;
        q = new Quantity(mantissa, exp10, format, original);
        error = "";
        return true;
    }

    /// <summary>Reads a quantity from JSON, where it is usually a string but may be a number.</summary>
    public static bool TryParse(JsonNode? node, out Quantity q)
    {
        q = default;
        if (node is not JsonValue value)
        {
            return false;
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.String => TryParse(value.GetValue<string>().Trim(), out q),
            JsonValueKind.Number => TryParse(value.ToJsonString(), out q),
            _ => false,
        };
    }

    private static readonly Quantity MaxBinary = FromValue(long.MaxValue);

    public Quantity Add(Quantity other)
    {
        var (a, b, exp) = Align(this, other);
        return new Quantity(a + b, exp, IsZero ? other.Format : Format);
    }

    public Quantity Subtract(Quantity other)
    {
        var (a, b, exp) = Align(this, other);
        return new Quantity(a - b, exp, IsZero ? other.Format : Format);
    }

    public Quantity Negate() => new(-_mantissa, _exponent, Format);

    /// <summary>This quantity multiplied by an integer, keeping the format.</summary>
    public Quantity Multiply(long factor) => new(_mantissa * factor, _exponent, Format);

    public Quantity WithFormat(QuantityFormat format) => new(_mantissa, _exponent, format);

    public static Quantity operator +(Quantity a, Quantity b) => a.Add(b);

    public static Quantity operator -(Quantity a, Quantity b) => a.Subtract(b);

    public static Quantity operator -(Quantity a) => a.Negate();

    public static bool operator <(Quantity a, Quantity b) => a.CompareTo(b) < 0;

    public static bool operator >(Quantity a, Quantity b) => a.CompareTo(b) > 0;

    public static bool operator <=(Quantity a, Quantity b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Quantity a, Quantity b) => a.CompareTo(b) >= 0;

    /// <summary>Equal values are equal whatever their format (<c>1Ki == 1024</c>), as upstream's Cmp.</summary>
    public static bool operator ==(Quantity a, Quantity b) => a.CompareTo(b) == 0;

    public static bool operator !=(Quantity a, Quantity b) => a.CompareTo(b) != 0;

    public int CompareTo(Quantity other)
    {
        var (a, b, _) = Align(this, other);
        return a.CompareTo(b);
    }

    public bool Equals(Quantity other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    public override int GetHashCode()
    {
        var (m, e) = Normalized();
        return HashCode.Combine(m, e);
    }

    /// <summary>The canonical text upstream serializes: <c>1Gi</c>, <c>500m</c>, <c>1e3</c>.</summary>
    public override string ToString() => _original ?? QuantityText.Canonical(_mantissa, _exponent, Format);

    /// <summary>Mantissa and exponent with trailing decimal zeros removed.</summary>
    private (BigInteger Mantissa, int Exponent) Normalized()
    {
        if (_mantissa.IsZero)
        {
            return (BigInteger.Zero, 0);
        }
        var m = _mantissa;
        var e = _exponent;
        while (true)
        {
            var q = BigInteger.DivRem(m, 10, out var r);
            if (!r.IsZero)
            {
                return (m, e);
            }
            m = q;
            e++;
        }
    }

    private static (BigInteger A, BigInteger B, int Exponent) Align(Quantity x, Quantity y)
    {
        var exp = Math.Min(x._exponent, y._exponent);
        var a = x._exponent == exp ? x._mantissa : x._mantissa * BigInteger.Pow(10, x._exponent - exp);
        var b = y._exponent == exp ? y._mantissa : y._mantissa * BigInteger.Pow(10, y._exponent - exp);
        return (a, b, exp);
    }
}
