using System.Text;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>
/// Bad values that upstream prints with Go's <c>%#v</c> (slices and maps), so field errors read
/// the same: <c>[]string{"10.96.0.10"}</c>, <c>map[string]string{"app":"web"}</c>. FieldError
/// renders unknown values with ToString, which these override.
/// </summary>
public abstract class GoValue
{
    public static GoValue StringSlice(IEnumerable<string> values) => new Slice([.. values]);

    public static GoValue StringMap(JsonObject? map) =>
        new Map(map is null ? [] : map.Select(kv => (kv.Key, JsonFields.AsString(kv.Value) ?? "")).ToList());

    public static GoValue StringMap(IEnumerable<KeyValuePair<string, string>> map) => new Map(map.Select(kv => (kv.Key, kv.Value)).ToList());

    /// <summary>Go's %q quoting for the ASCII strings field values almost always are.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private sealed class Slice(List<string> values) : GoValue
    {
        public override string ToString() =>
            values.Count == 0 ? "[]string(nil)" : "[]string{" + string.Join(", ", values.Select(Quote)) + "}";
    }

    // Go prints maps with sorted keys.
    private sealed class Map(List<(string Key, string Value)> entries) : GoValue
    {
        public override string ToString() =>
            entries.Count == 0
                ? "map[string]string(nil)"
                : "map[string]string{" + string.Join(", ", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => Quote(e.Key) + ":" + Quote(e.Value))) + "}";
    }
}
