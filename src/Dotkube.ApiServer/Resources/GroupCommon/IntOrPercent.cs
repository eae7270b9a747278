using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>
/// An intstr.IntOrString holding a count or a percentage (maxSurge, minAvailable, ...), with the
/// checks upstream's apps validation applies to it. It prints as upstream's String(): the bare
/// number or the string, unquoted.
/// </summary>
public sealed class IntOrPercent
{
    public bool IsInt { get; }

    public long IntValue { get; }

    public string StrValue { get; }

    private IntOrPercent(bool isInt, long intValue, string strValue)
    {
        IsInt = isInt;
        IntValue = intValue;
        StrValue = strValue;
    }

    public override string ToString() => IsInt ? IntValue.ToString(CultureInfo.InvariantCulture) : StrValue;

    /// <summary>Reads a JSON number or string; null when absent (or of another JSON type).</summary>
    public static IntOrPercent? From(JsonNode? node)
    {
        if (JsonFields.AsLong(node) is { } l)
        {
            return new(true, l, "");
        }
        return JsonFields.AsString(node) is { } s ? new(false, 0, s) : null;
    }

    /// <summary>The percentage when this is a valid "N%" string.</summary>
    public int? Percent =>
        !IsInt && NameValidation.IsValidPercent(StrValue).Count == 0
        && int.TryParse(StrValue.AsSpan(0, StrValue.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            ? p
            : null;

    /// <summary>upstream getIntOrPercentValue: the percentage number, else the integer (0 for a non-numeric string).</summary>
    public long Value => Percent ?? (IsInt ? IntValue : ParseIntOrZero(StrValue));

    private static long ParseIntOrZero(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>upstream ValidatePositiveIntOrPercent.</summary>
    public static void ValidatePositive(IntOrPercent value, string path, List<FieldError> errors)
    {
        if (value.IsInt)
        {
            CommonValidation.NonNegative(value.IntValue, path, errors);
            return;
        }
        foreach (var msg in NameValidation.IsValidPercent(value.StrValue))
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    /// <summary>upstream IsNotMoreThan100Percent.</summary>
    public static void ValidateNotMoreThan100Percent(IntOrPercent value, string path, List<FieldError> errors)
    {
        if (value.Percent is > 100)
        {
            errors.Add(FieldError.Invalid(path, value, "must not be greater than 100%"));
        }
    }

    /// <summary>A JSON node for an int-or-string default such as "25%".</summary>
    public static JsonNode Node(string percent) => JsonValue.Create(percent);

    public static bool IsNumberNode(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;
}
