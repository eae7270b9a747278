using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Patching;

/// <summary>The JSON value kinds as Go's encoding/json sees them after decoding into interface{}.</summary>
internal enum GoKind
{
    Null,
    Object,
    Array,
    String,
    Number,
    Bool,
}

/// <summary>Small helpers over JsonNode shared by the patch implementations.</summary>
internal static class JsonNodes
{
    public static GoKind Kind(JsonNode? node) => node switch
    {
        null => GoKind.Null,
        JsonObject => GoKind.Object,
        JsonArray => GoKind.Array,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => GoKind.String,
            JsonValueKind.Number => GoKind.Number,
            JsonValueKind.True or JsonValueKind.False => GoKind.Bool,
            _ => GoKind.Null,
        },
        _ => GoKind.Null,
    };

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>
    /// Go's <c>==</c> on decoded scalars: same kind and value, numbers compared as float64. Maps and
    /// lists are never equal this way (Go would panic comparing them; callers avoid that).
    /// </summary>
    public static bool ScalarEquals(JsonNode? a, JsonNode? b)
    {
        var kind = Kind(a);
        if (kind != Kind(b))
        {
            return false;
        }
        return kind switch
        {
            GoKind.Null => true,
            GoKind.String => a!.GetValue<string>() == b!.GetValue<string>(),
            GoKind.Number => Number(a!) == Number(b!),
            GoKind.Bool => a!.GetValue<bool>() == b!.GetValue<bool>(),
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Structural equality, numbers by value.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = Kind(a);
        if (kind != Kind(b))
        {
            return false;
        }
        switch (kind)
        {
            case GoKind.Object:
                var oa = (JsonObject)a!;
                var ob = (JsonObject)b!;
                if (oa.Count != ob.Count)
                {
                    return false;
                }
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }
                return true;
            case GoKind.Array:
                var la = (JsonArray)a!;
                var lb = (JsonArray)b!;
                if (la.Count != lb.Count)
                {
                    return false;
                }
                for (var i = 0; i < la.Count; i++)
                {
                    if (!DeepEquals(la[i], lb[i]))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return ScalarEquals(a, b);
        }
    }

    public static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A value printed the way Go's %v prints the decoded value (map[a:b], [x y], &lt;nil&gt;).</summary>
    public static string GoFormat(JsonNode? node)
    {
        var sb = new StringBuilder();
        AppendGo(sb, node);
        return sb.ToString();
    }

    private static void AppendGo(StringBuilder sb, JsonNode? node)
    {
        switch (Kind(node))
        {
            case GoKind.Null:
                sb.Append("<nil>");
                break;
            case GoKind.String:
                sb.Append(node!.GetValue<string>());
                break;
            case GoKind.Bool:
                sb.Append(node!.GetValue<bool>() ? "true" : "false");
                break;
            case GoKind.Number:
                sb.Append(GoFloat(Number(node!)));
                break;
            case GoKind.Object:
                sb.Append("map[");
                var first = true;
                foreach (var (key, value) in ((JsonObject)node!).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }
                    first = false;
                    sb.Append(key).Append(':');
                    AppendGo(sb, value);
                }
                sb.Append(']');
                break;
            case GoKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in (JsonArray)node!)
                {
                    if (i++ > 0)
                    {
                        sb.Append(' ');
                    }
                    AppendGo(sb, item);
                }
                sb.Append(']');
                break;
        }
    }

    /// <summary>%v of a float64: shortest round-trip digits, exponent form below 1e-4 and from 1e21.</summary>
    public static string GoFloat(double d)
    {
        if (d == 0)
        {
            return "0";
        }
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        // Position of the decimal point after the first significant digit.
        var dp = (point < 0 ? mantissa.Length : point) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        dp -= lead;
        var sign = d < 0 ? "-" : "";
        var exp10 = dp - 1;
        if (exp10 < -4 || exp10 >= 21)
        {
            var frac = digits.Length > 1 ? "." + digits[1..] : "";
            return sign + digits[0] + frac + "e" + (exp10 < 0 ? "-" : "+") + Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
        }
        if (dp <= 0)
        {
            return sign + "0." + new string('0', -dp) + digits;
        }
        if (dp >= digits.Length)
        {
            return sign + digits + new string('0', dp - digits.Length);
        }
        return sign + digits[..dp] + "." + digits[dp..];
    }
}
