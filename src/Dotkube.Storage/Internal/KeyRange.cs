namespace Dotkube.Storage.Internal;

/// <summary>
/// Key ordering and prefix ranges shared by every backend. Keys are ordered by Unicode code point,
/// which is the byte order of their UTF-8 form and therefore the order SQLite's BINARY collation
/// (and etcd) uses; plain UTF-16 ordinal comparison differs for characters above U+FFFF.
/// </summary>
internal static class KeyRange
{
    public static readonly IComparer<string> Comparer = new CodePointComparer();

    /// <summary>
    /// The smallest key greater than every key that starts with <paramref name="prefix"/>,
    /// or null when there is none (empty prefix: the range is unbounded).
    /// </summary>
    public static string? PrefixEnd(string prefix)
    {
        var codePoints = new List<int>(prefix.Length);
        foreach (var rune in prefix.EnumerateRunes())
        {
            codePoints.Add(rune.Value);
        }

        for (var i = codePoints.Count - 1; i >= 0; i--)
        {
            var next = codePoints[i] + 1;
            if (next == 0xD800)
            {
                next = 0xE000; // surrogates are not code points of their own
            }

            if (next <= 0x10FFFF)
            {
                var builder = new System.Text.StringBuilder(prefix.Length + 1);
                for (var j = 0; j < i; j++)
                {
                    builder.Append(char.ConvertFromUtf32(codePoints[j]));
                }

                builder.Append(char.ConvertFromUtf32(next));
                return builder.ToString();
            }
        }

        return null;
    }

    public static int Compare(string a, string b) => Comparer.Compare(a, b);

    public static bool Matches(string key, string prefix) => key.StartsWith(prefix, StringComparison.Ordinal);

    public static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("key must not be empty", nameof(key));
        }
    }

    private sealed class CodePointComparer : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var a = x[i];
                var b = y[i];
                if (a != b)
                {
                    return Fixup(a) - Fixup(b);
                }
            }

            return x.Length - y.Length;
        }

        // Moves surrogates (U+D800..U+DFFF) above U+E000..U+FFFF so UTF-16 units sort in code-point order.
        private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
