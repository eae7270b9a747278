using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>
/// JSON and Go-syntax text of values as upstream writes them inside field paths: compact JSON with
/// Go's escaping (<c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> as \u00XX) and object keys sorted, and
/// <c>%q</c>-style quoting for path strings.
/// </summary>
internal static class GoJson
{
    public static string Compact(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>What <see cref="Compact"/> writes for an object with these properties, already sorted by key.</summary>
    public static string CompactObject(IReadOnlyList<KeyValuePair<string, JsonNode?>> sortedProperties)
    {
        var sb = new StringBuilder();
        sb.Append('{');
        for (var i = 0; i < sortedProperties.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Quote(sb, sortedProperties[i].Key);
            sb.Append(':');
            Write(sb, sortedProperties[i].Value);
        }
        sb.Append('}');
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    Quote(sb, k);
                    sb.Append(':');
                    Write(sb, v);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }
                    Write(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                Quote(sb, v.GetValue<string>());
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    private static void Quote(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    /// <summary>A value as Go's <c>%v</c> prints it in a path: strings quoted (<c>%q</c>), others as JSON.</summary>
    public static string PathText(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => GoQuote(v.GetValue<string>()),
        null => "null",
        _ => Compact(node),
    };

    private static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (Rune.IsControl(rune))
                    {
                        sb.Append(rune.Value < 0x10000 ? $"\\u{rune.Value:x4}" : $"\\U{rune.Value:x8}");
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Upstream's value ordering: numbers, then strings, booleans, lists, maps, and null last.</summary>
    public static int CompareValues(JsonNode? a, JsonNode? b)
    {
        var (ra, rb) = (Rank(a), Rank(b));
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }
        switch (ra)
        {
            case 0:
                return a!.GetValue<double>().CompareTo(b!.GetValue<double>());
            case 1:
                return string.CompareOrdinal(a!.GetValue<string>(), b!.GetValue<string>());
            case 2:
                return a!.GetValue<bool>().CompareTo(b!.GetValue<bool>());
            case 3:
                {
                    var (la, lb) = ((JsonArray)a!, (JsonArray)b!);
                    for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
                    {
                        if (CompareValues(la[i], lb[i]) is var c and not 0)
                        {
                            return c;
                        }
                    }
                    return la.Count.CompareTo(lb.Count);
                }
            case 4:
                return string.CompareOrdinal(Compact(a), Compact(b));
            default:
                return 0;
        }
    }

    private static int Rank(JsonNode? n) => n switch
    {
        null => 5,
        JsonArray => 3,
        JsonObject => 4,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Number => 0,
            JsonValueKind.String => 1,
            JsonValueKind.True or JsonValueKind.False => 2,
            _ => 5,
        },
        _ => 5,
    };
}
