using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// <c>Warning: 299 - "text"</c> response headers, as upstream's warning recorder writes them:
/// each text once per request, and shortened once their total passes 4096 characters.
/// </summary>
public static class ResponseWarnings
{
    private const int TruncateAtTotalRunes = 4 * 1024;
    private const int TruncateItemRunes = 256;

    private static readonly object Key = new();

    /// <summary>Adds a warning to the response (before its headers are sent).</summary>
    public static void Add(HttpContext ctx, string text)
    {
        if (text.Length == 0 || text.Any(char.IsControl))
        {
            // Upstream drops warnings it cannot put in a header.
            return;
        }
        var state = ctx.Items.TryGetValue(Key, out var existing) && existing is State s ? s : new State();
        ctx.Items[Key] = state;
        lock (state)
        {
            if (state.Truncating && state.Written >= TruncateAtTotalRunes || !state.Recorded.Add(text))
            {
                return;
            }
            state.Ordered.Add(text);
            var runes = RuneCount(text);
            if (state.Truncating && runes > TruncateItemRunes)
            {
                text = Truncate(text);
                runes = TruncateItemRunes;
            }
            if (state.Written + runes <= TruncateAtTotalRunes || state.Truncating)
            {
                state.Written += runes;
                ctx.Response.Headers.Append("Warning", Header(text));
                return;
            }
            // Over the limit: start again with every warning shortened.
            state.Truncating = true;
            state.Written = 0;
            ctx.Response.Headers.Remove("Warning");
            foreach (var item in state.Ordered)
            {
                var shortened = RuneCount(item) > TruncateItemRunes ? Truncate(item) : item;
                state.Written += RuneCount(shortened);
                ctx.Response.Headers.Append("Warning", Header(shortened));
            }
        }
    }

    /// <summary>The header value: code 299, agent "-", the text quoted with " and \ escaped.</summary>
    public static string Header(string text)
    {
        var sb = new StringBuilder("299 - \"", text.Length + 10);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c > 0x7e)
            {
                // Kestrel only sends ASCII header values (upstream sends UTF-8 as is).
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.Append('"').ToString();
    }

    private static int RuneCount(string s) => s.EnumerateRunes().Count();

    private static string Truncate(string s) => string.Concat(s.EnumerateRunes().Take(TruncateItemRunes).Select(r => r.ToString()));

    private sealed class State
    {
        public HashSet<string> Recorded { get; } = new(StringComparer.Ordinal);
        public List<string> Ordered { get; } = [];
        public int Written { get; set; }
        public bool Truncating { get; set; }
    }
}
