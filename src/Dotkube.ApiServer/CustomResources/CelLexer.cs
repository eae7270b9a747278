namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// CEL's tokens, for dotkube's own readers of rules (the optional-syntax rewriter and the cost parser): the Cel
/// package compiles and runs expressions but exposes neither its tokens nor its tree.
/// </summary>
internal static class CelLexer
{
    /// <summary>
    /// Tokens as (kind, source text): number, string (the literal as written, prefixes and quotes included), ident,
    /// op (the longest of <paramref name="operators"/>, which lists longer ones first) and a closing eof.
    /// </summary>
    public static List<(string Kind, string Text)> Tokenize(string s, IReadOnlyList<string> operators)
    {
        var result = new List<(string, string)>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && NumberContinues(s, start, i))
                {
                    i++;
                }
                result.Add(("number", s[start..i]));
            }
            else if (c is '"' or '\'' || c is 'r' or 'R' or 'b' or 'B' && QuoteAfterPrefix(s, i) is not null)
            {
                var start = i;
                var at = QuoteAfterPrefix(s, i) ?? i;
                i = EndOfString(s, at, IsRaw(s[i..at]));
                result.Add(("string", s[start..i]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }
                result.Add(("ident", s[start..i]));
            }
            else if (operators.FirstOrDefault(o => string.CompareOrdinal(s, i, o, 0, o.Length) == 0) is { } op)
            {
                result.Add(("op", op));
                i += op.Length;
            }
            else
            {
                throw new FormatException($"unexpected character {c}");
            }
        }
        result.Add(("eof", ""));
        return result;
    }

    /// <summary>
    /// The characters of a string token's literal: escapes are resolved to the escaped character, which is enough to
    /// measure a literal's length (what the cost model needs), not a full CEL unescape.
    /// </summary>
    public static string Value(string literal)
    {
        var at = QuoteAfterPrefix(literal, 0) ?? 0;
        var raw = IsRaw(literal[..at]);
        var delimiter = Delimiter(literal, at);
        var text = new System.Text.StringBuilder();
        for (var i = at + delimiter.Length; i < literal.Length - delimiter.Length; i++)
        {
            if (literal[i] == '\\' && !raw && i + 1 < literal.Length - delimiter.Length)
            {
                i++;
            }
            text.Append(literal[i]);
        }
        return text.ToString();
    }

    private static bool IsRaw(string prefix) => prefix.Contains('r', StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the quote of a prefixed string literal (r'…', b"…", rb'…') is, if this is one.</summary>
    private static int? QuoteAfterPrefix(string s, int i)
    {
        var j = i;
        while (j < s.Length && j - i < 2 && s[j] is 'r' or 'R' or 'b' or 'B')
        {
            j++;
        }
        return j < s.Length && s[j] is '"' or '\'' ? j : null;
    }

    private static string Delimiter(string s, int at)
    {
        var quote = s[at];
        var triple = at + 2 < s.Length && s[at + 1] == quote && s[at + 2] == quote;
        return triple ? new string(quote, 3) : quote.ToString();
    }

    private static int EndOfString(string s, int at, bool raw)
    {
        var delimiter = Delimiter(s, at);
        var i = at + delimiter.Length;
        while (i < s.Length)
        {
            if (string.CompareOrdinal(s, i, delimiter, 0, delimiter.Length) == 0)
            {
                return i + delimiter.Length;
            }
            i += s[i] == '\\' && !raw ? 2 : 1;
        }
        throw new FormatException("unterminated string");
    }

    /// <summary>Digits, hex digits, the u suffix, a decimal point before a digit, an exponent and its sign.</summary>
    private static bool NumberContinues(string s, int start, int i)
    {
        if (char.IsAsciiLetterOrDigit(s[i]))
        {
            return true;
        }
        if (s[i] == '.')
        {
            return i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]);
        }
        var hex = s[start..i].StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return s[i] is '+' or '-' && s[i - 1] is 'e' or 'E' && !hex;
    }
}
