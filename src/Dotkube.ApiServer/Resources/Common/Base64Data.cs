using System.Text;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>
/// Maps of base64 values ([]byte fields such as Secret data). Upstream refuses malformed base64
/// while decoding the request, with a 400 naming the offending byte; this does the same.
/// </summary>
public static class Base64Data
{
    /// <summary>Throws the upstream decode error (400) when a value of <paramref name="field"/> is not valid base64.</summary>
    public static void RequireValid(JsonObject obj, string field, string kind)
    {
        foreach (var (_, value) in obj.Obj(field) ?? [])
        {
            if (value is null)
            {
                continue;
            }
            var text = JsonFields.AsString(value);
            if (text is null)
            {
                throw CannotHandle(kind, $"json: cannot unmarshal {JsonKind(value)} into Go value of type []uint8");
            }
            if (FirstBadByte(text) is { } bad)
            {
                throw CannotHandle(kind, $"illegal base64 data at input byte {bad}");
            }
        }
    }

    /// <summary>The upstream 400 for a request body that does not decode into the kind.</summary>
    public static StatusException CannotHandle(string kind, string detail) =>
        StatusException.BadRequest($"{kind} in version \"v1\" cannot be handled as a {kind}: {detail}");

    public static long DecodedLength(JsonNode? value)
    {
        var text = JsonFields.AsString(value);
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        return text.Length / 4 * 3 - padding;
    }

    public static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The offset Go's standard decoder reports for malformed base64 ("illegal base64 data at input
    /// byte N"), or null when valid. Like Go it skips \r and \n, and wants whole, padded quanta.
    /// </summary>
    internal static int? FirstBadByte(string s)
    {
        var n = s.Length;
        var si = 0;
        while (true)
        {
            for (var j = 0; j < 4; j++)
            {
                while (si < n && s[si] is '\n' or '\r')
                {
                    si++;
                }
                if (si == n)
                {
                    return j == 0 ? null : si - j;
                }
                var c = s[si++];
                if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/')
                {
                    continue;
                }
                if (c != '=' || j < 2)
                {
                    return si - 1;
                }
                if (j == 2)
                {
                    while (si < n && s[si] is '\n' or '\r')
                    {
                        si++;
                    }
                    if (si == n)
                    {
                        return n;
                    }
                    if (s[si] != '=')
                    {
                        return si - 1;
                    }
                    si++;
                }
                while (si < n && s[si] is '\n' or '\r')
                {
                    si++;
                }
                return si < n ? si : null;
            }
        }
    }

    private static string JsonKind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Number => "number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
            _ => "string",
        },
        _ => "value",
    };
}
