using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery;

/// <summary>A value that is either a 32-bit integer or a string (upstream intstr.IntOrString).</summary>
public readonly record struct IntOrStringValue
{
    public bool IsInt { get; }
    public int IntValue { get; }
    public string StringValue { get; }

    private IntOrStringValue(bool isInt, int intValue, string stringValue)
    {
        IsInt = isInt;
        IntValue = intValue;
        StringValue = stringValue;
    }

    public static IntOrStringValue FromInt(int value) => new(true, value, "");

    public static IntOrStringValue FromString(string value) => new(false, 0, value);

    /// <summary>The JSON form: a number or a string.</summary>
    public JsonNode ToJson() => IsInt ? JsonValue.Create(IntValue) : JsonValue.Create(StringValue);

    public override string ToString() => IsInt ? IntValue.ToString(CultureInfo.InvariantCulture) : StringValue;
}

/// <summary>Helpers for int-or-string fields such as <c>maxSurge</c>, <c>targetPort</c>, <c>maxUnavailable</c>.</summary>
public static class IntOrString
{
    /// <summary>
    /// Reads a JSON value as upstream decodes it: a string stays a string; a number must be a
    /// 32-bit integer. Anything else (null, bool, fraction, object) is not an int-or-string.
    /// </summary>
    public static bool TryRead(JsonNode? node, out IntOrStringValue value)
    {
        value = default;
        if (node is not JsonValue v)
        {
            return false;
        }
        switch (v.GetValueKind())
        {
            case JsonValueKind.String:
                value = IntOrStringValue.FromString(v.GetValue<string>());
                return true;
            case JsonValueKind.Number when int.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                value = IntOrStringValue.FromInt(i);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// An absolute value from an int or a percentage of <paramref name="total"/> (<c>"25%"</c>),
    /// rounding a percentage up or down; strings without <c>%</c> are refused. Errors throw
    /// <see cref="FormatException"/> with upstream's message (GetScaledValueFromIntOrPercent).
    /// </summary>
    public static int GetScaledValueFromIntOrPercent(JsonNode? node, int total, bool roundUp)
    {
        if (node is null)
        {
            throw new FormatException("nil value for IntOrString");
        }
        if (!TryRead(node, out var value))
        {
            throw new FormatException("invalid value for IntOrString: invalid type: neither int nor percentage");
        }
        return GetScaledValueFromIntOrPercent(value, total, roundUp);
    }

    public static int GetScaledValueFromIntOrPercent(IntOrStringValue value, int total, bool roundUp)
    {
        if (value.IsInt)
        {
            return value.IntValue;
        }
        var s = value.StringValue;
        if (!s.EndsWith('%'))
        {
            throw new FormatException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        var percent = ParseGoInt(s[..^1], s);
        var scaled = (double)percent * total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    /// <summary>Like strconv.Atoi, with its error text wrapped the way intstr wraps it.</summary>
    private static long ParseGoInt(string digits, string original)
    {
        var quoted = JsonSerializer.Serialize(original);
        var parsing = JsonSerializer.Serialize(digits);
        var body = digits.TrimStart('+', '-');
        var sign = digits.Length - body.Length;
        if (sign > 1 || body.Length == 0 || !body.All(char.IsAsciiDigit))
        {
            throw new FormatException($"invalid value for IntOrString: invalid value {quoted}: strconv.Atoi: parsing {parsing}: invalid syntax");
        }
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw new FormatException($"invalid value for IntOrString: invalid value {quoted}: strconv.Atoi: parsing {parsing}: value out of range");
        }
        return result;
    }
}
