using System.Text;

namespace Dotkube.Machinery.Patching;

/// <summary>RFC 6901 reference tokens: <c>~1</c> is '/', <c>~0</c> is '~'.</summary>
public static class JsonPointer
{
    /// <summary>Decodes one token, reading escapes left to right (so <c>~01</c> is <c>~1</c>).</summary>
    public static string Unescape(string token)
    {
        if (!token.Contains('~'))
        {
            return token;
        }
        var sb = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && i + 1 < token.Length && token[i + 1] is '0' or '1')
            {
                sb.Append(token[i + 1] == '1' ? '/' : '~');
                i++;
            }
            else
            {
                sb.Append(token[i]);
            }
        }
        return sb.ToString();
    }

    public static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
