using System.Text.RegularExpressions;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Schema patterns are ECMA-262 in OpenAPI and RE2 in upstream's validator; .NET's engine in
/// ECMAScript-compatible-ish mode with a timeout accepts the patterns CRDs use (character classes,
/// anchors, quantifiers). A timeout keeps a pathological pattern from stalling a request.
/// </summary>
public static class GoRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    public static Regex? TryCompile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
