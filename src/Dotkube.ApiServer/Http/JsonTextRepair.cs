using System.Text;
using System.Text.Unicode;

namespace Dotkube.ApiServer.Http;

/// <summary>
/// Makes request JSON decodable the way Go's encoding/json decodes it: invalid UTF-8 bytes and
/// unpaired surrogate escapes (<c>\ud800</c>) become U+FFFD instead of failing. System.Text.Json
/// would otherwise refuse them only when a string is read, deep inside request handling.
/// </summary>
public static class JsonTextRepair
{
    public static byte[] Repair(byte[] body)
    {
        var validUtf8 = Utf8.IsValid(body);
        if (validUtf8 && !MayHaveSurrogateEscape(body))
        {
            return body;
        }
        // Decoding replaces each invalid sequence with U+FFFD, as Go does.
        var text = Encoding.UTF8.GetString(body);
        return Encoding.UTF8.GetBytes(FixSurrogateEscapes(text));
    }

    private static bool MayHaveSurrogateEscape(ReadOnlySpan<byte> body)
    {
        var i = body.IndexOf("\\u"u8);
        while (i >= 0 && i + 3 < body.Length)
        {
            var c = body[i + 2];
            if (c is (byte)'d' or (byte)'D')
            {
                return true;
            }
            var next = body[(i + 2)..].IndexOf("\\u"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    /// <summary>Replaces \uD800-\uDFFF escapes that are not a proper high-low pair with \ufffd.</summary>
    private static string FixSurrogateEscapes(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }
            if (text[i + 1] != 'u' || !TryHex(text, i + 2, out var unit))
            {
                // Any other escape (including \\) is copied whole so its second character is not re-read.
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsHighSurrogate((char)unit) && i + 11 < text.Length && text[i + 6] == '\\' && text[i + 7] == 'u'
                && TryHex(text, i + 8, out var low) && char.IsLowSurrogate((char)low))
            {
                sb.Append(text, i, 12);
                i += 11;
                continue;
            }
            sb.Append(char.IsSurrogate((char)unit) ? "\\ufffd" : text.Substring(i, 6));
            i += 5;
        }
        return sb.ToString();
    }

    private static bool TryHex(string text, int start, out int value)
    {
        value = 0;
        if (start + 4 > text.Length)
        {
            return false;
        }
        return int.TryParse(text.AsSpan(start, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
