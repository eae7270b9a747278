using System.Text;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// What Go's JSON decoder forgives in strings and System.Text.Json does not: invalid UTF-8 bytes
/// and unpaired UTF-16 surrogate escapes (<c>\ud800</c>) both become U+FFFD. Bodies without
/// either (nearly all) are returned as they are, after one vectorized check.
/// </summary>
internal static class JsonTextRepair
{
    private static readonly byte[] Replacement = "\\ufffd"u8.ToArray();

    public static byte[] Repair(byte[] json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            // Invalid bytes outside strings stay a syntax error after the replacement.
            json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json));
        }
        var span = json.AsSpan();
        if (span.IndexOf("\\ud"u8) < 0 && span.IndexOf("\\uD"u8) < 0)
        {
            return json;
        }
        return RepairSurrogates(json);
    }

    private static byte[] RepairSurrogates(byte[] json)
    {
        var output = new List<byte>(json.Length);
        var inString = false;
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            if (!inString)
            {
                inString = b == '"';
                output.Add(b);
                i++;
                continue;
            }
            if (b == '"')
            {
                inString = false;
                output.Add(b);
                i++;
                continue;
            }
            if (b != '\\' || i + 1 >= json.Length)
            {
                output.Add(b);
                i++;
                continue;
            }
            if (json[i + 1] != 'u' || Hex4(json, i + 2) is not { } unit)
            {
                // Another escape: copy it whole so an escaped quote or backslash is not misread.
                output.Add(b);
                output.Add(json[i + 1]);
                i += 2;
                continue;
            }
            if (char.IsHighSurrogate((char)unit) && i + 12 <= json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && Hex4(json, i + 8) is { } low && char.IsLowSurrogate((char)low))
            {
                output.AddRange(json.AsSpan(i, 12));
                i += 12;
                continue;
            }
            if (char.IsSurrogate((char)unit))
            {
                output.AddRange(Replacement);
            }
            else
            {
                output.AddRange(json.AsSpan(i, 6));
            }
            i += 6;
        }
        return [.. output];
    }

    private static int? Hex4(byte[] s, int at)
    {
        if (at + 4 > s.Length)
        {
            return null;
        }
        var value = 0;
        for (var k = 0; k < 4; k++)
        {
            var digit = HexDigit(s[at + k]);
            if (digit < 0)
            {
                return null;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
