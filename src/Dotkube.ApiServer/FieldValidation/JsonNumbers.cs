using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>JSON numbers as Go's decoder reads them: by their literal text.</summary>
internal static class JsonNumbers
{
    /// <summary>The number's literal text (as sent, for parsed values).</summary>
    public static string Text(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var e) ? e.GetRawText() : value.ToJsonString();

    /// <summary>Whether Go's strconv.ParseInt(text, 10, 64) accepts it (PreserveInts decodes it as int64).</summary>
    public static bool IsGoInt(string text) =>
        !text.Contains('.') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether the literal fits the Go integer type (no fraction, no exponent, in range).</summary>
    public static bool FitsInt(string text, bool int32) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
        && (!int32 || n is >= int.MinValue and <= int.MaxValue);

    /// <summary>Whether Go's strconv.ParseFloat(text, 64) accepts it (finite).</summary>
    public static bool FitsFloat(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
}
