using System.Text;

namespace Dotkube.Machinery.Selectors;

/// <summary>
/// A field selector (<c>metadata.name=x,status.phase!=Running</c>): an AND of equality terms on
/// field values, with <c>\,</c> <c>\=</c> <c>\\</c> escapes in values, as upstream's fields package.
/// </summary>
public sealed class FieldSelector
{
    private readonly bool _nothing;

    private FieldSelector(IReadOnlyList<(string Field, string Op, string Value)> requirements, bool nothing = false)
    {
        Requirements = requirements;
        _nothing = nothing;
    }

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Nothing { get; } = new([], nothing: true);

    /// <summary>The terms in the order upstream keeps them (sorted as text); Op is "=" (also for "==") or "!=".</summary>
    public IReadOnlyList<(string Field, string Op, string Value)> Requirements { get; }

    public bool IsEmpty => !_nothing && Requirements.Count == 0;

    public static FieldSelector Parse(string selector) =>
        TryParse(selector, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(string selector, out FieldSelector result, out string error)
    {
        result = Nothing;
        error = "";
        var terms = SplitTerms(selector);
        terms.Sort(StringComparer.Ordinal);
        var requirements = new List<(string, string, string)>();
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }
            if (!TrySplitTerm(term, out var field, out var op, out var raw))
            {
                error = $"invalid selector: '{selector}'; can't understand '{term}'";
                return false;
            }
            if (!TryUnescape(raw, out var value, out error))
            {
                return false;
            }
            requirements.Add((field, op == "!=" ? "!=" : "=", value));
        }
        result = requirements.Count == 0 ? Everything : new FieldSelector(requirements);
        return true;
    }

    /// <summary>Builds a selector requiring each field to equal its value.</summary>
    public static FieldSelector FromSet(IReadOnlyDictionary<string, string> fields) =>
        fields.Count == 0 ? Everything : new FieldSelector([.. fields.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, "=", kv.Value))]);

    /// <summary>A missing field reads as the empty string, as upstream's fields.Set.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        if (_nothing)
        {
            return false;
        }
        foreach (var (field, op, value) in Requirements)
        {
            var actual = fields.TryGetValue(field, out var v) ? v : "";
            if ((op == "=") != (actual == value))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The messages for fields a resource cannot select on, as the API server words them
    /// (<c>field label not supported: spec.foo</c>); empty when every field is supported.
    /// </summary>
    public IReadOnlyList<string> UnsupportedFields(Func<string, bool> isSupported) =>
        [.. Requirements.Where(r => !isSupported(r.Field)).Select(r => $"field label not supported: {r.Field}")];

    /// <summary>The value an exact-match term pins for a field (upstream's RequiresExactMatch).</summary>
    public bool TryGetExactMatch(string field, out string value)
    {
        foreach (var r in Requirements)
        {
            if (r.Field == field && r.Op == "=")
            {
                value = r.Value;
                return true;
            }
        }
        value = "";
        return false;
    }

    public override string ToString() => string.Join(",", Requirements.Select(r => r.Field + r.Op + EscapeValue(r.Value)));

    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    /// <summary>Splits on commas that are not escaped with a backslash.</summary>
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        if (selector.Length == 0)
        {
            return terms;
        }
        var start = 0;
        var escaped = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (escaped)
            {
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }
        terms.Add(selector[start..]);
        return terms;
    }

    /// <summary>The first operator from the left wins; at one position "!=" and "==" beat "=".</summary>
    private static bool TrySplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in (string[])["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, candidate, 0, candidate.Length) == 0)
                {
                    field = term[..i];
                    op = candidate;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }
        field = op = value = "";
        return false;
    }

    private static bool TryUnescape(string s, out string value, out string error)
    {
        value = s;
        error = "";
        if (s.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return true;
        }
        var sb = new StringBuilder(s.Length);
        var escaped = false;
        foreach (var c in s)
        {
            if (escaped)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    error = "invalid field selector: invalid escape sequence: \\" + c;
                    return false;
                }
                sb.Append(c);
                escaped = false;
                continue;
            }
            switch (c)
            {
                case '\\':
                    escaped = true;
                    break;
                case ',' or '=':
                    // Upstream prints the rune as its code point number.
                    error = "invalid field selector: unescaped character in value: " + (int)c;
                    return false;
                default:
                    sb.Append(c);
                    break;
            }
        }
        if (escaped)
        {
            error = "invalid field selector: invalid escape sequence: \\";
            return false;
        }
        value = sb.ToString();
        return true;
    }
}
