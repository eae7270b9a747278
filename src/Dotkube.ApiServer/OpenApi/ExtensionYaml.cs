using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// gnostic carries vendor extension values as YAML text (Any.yaml), which clients decode with a YAML
/// parser: kubectl reads x-kubernetes-group-version-kind from it as a list of maps (definitions) or a
/// map (operations). Strings are written plain when YAML would read them back as the same string,
/// and double-quoted (JSON escaping is valid YAML) otherwise.
/// </summary>
internal static class ExtensionYaml
{
    public static string Encode(JsonNode? value)
    {
        var yaml = new StringBuilder();
        Write(yaml, value, indent: 0);
        return yaml.ToString();
    }

    /// <summary>Writes a value whose first line starts at the current column; later lines are indented by <paramref name="indent"/>.</summary>
    private static void Write(StringBuilder yaml, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonArray { Count: 0 }:
                yaml.Append("[]\n");
                break;
            case JsonObject { Count: 0 }:
                yaml.Append("{}\n");
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        yaml.Append(' ', indent);
                    }
                    yaml.Append("- ");
                    Write(yaml, array[i], indent + 2);
                }
                break;
            case JsonObject map:
                var first = true;
                foreach (var (key, item) in map)
                {
                    if (!first)
                    {
                        yaml.Append(' ', indent);
                    }
                    first = false;
                    yaml.Append(Scalar(key)).Append(':');
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        yaml.Append('\n').Append(' ', indent + 2);
                        Write(yaml, item, indent + 2);
                    }
                    else
                    {
                        yaml.Append(' ');
                        Write(yaml, item, indent + 2);
                    }
                }
                break;
            default:
                yaml.Append(ScalarValue(value)).Append('\n');
                break;
        }
    }

    private static string ScalarValue(JsonNode? value)
    {
        if (value is null)
        {
            return "null";
        }
        var element = value.GetValueKind();
        return element switch
        {
            JsonValueKind.String => Scalar(value.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        };
    }

    /// <summary>A string as a YAML scalar that reads back as the same string.</summary>
    internal static string Scalar(string text) => IsPlainSafe(text) ? text : JsonSerializer.Serialize(text);

    private static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
            {
                return false;
            }
        }
        // Words YAML 1.1 parsers (gopkg.in/yaml.v2, used by kubectl) read as booleans or null.
        return text.ToLowerInvariant() is not ("y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null");
    }
}
