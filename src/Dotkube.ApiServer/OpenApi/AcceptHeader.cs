using System.Globalization;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>One media range of an Accept header.</summary>
internal readonly record struct MediaRange(string Type, string SubType, double Quality)
{
    public bool Matches(string type, string subType) =>
        (Type == "*" || string.Equals(Type, type, StringComparison.OrdinalIgnoreCase)) &&
        (SubType == "*" || string.Equals(SubType, subType, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Accept header negotiation as the OpenAPI handlers do it upstream: media ranges ordered by
/// quality, then by specificity (a concrete type before a wildcard), keeping header order otherwise;
/// the first range that matches an offered type picks it. An empty header accepts anything.
/// </summary>
internal static class AcceptHeader
{
    public static IReadOnlyList<MediaRange> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            header = "*/*";
        }
        var ranges = new List<MediaRange>();
        foreach (var clause in header.Split(','))
        {
            var parts = clause.Split(';');
            var mediaType = parts[0].Trim();
            var slash = mediaType.IndexOf('/');
            var (type, subType) = slash < 0 ? (mediaType, "*") : (mediaType[..slash], mediaType[(slash + 1)..]);
            if (type.Length == 0)
            {
                continue;
            }
            var quality = 1.0;
            foreach (var parameter in parts.Skip(1))
            {
                var pair = parameter.Split('=', 2);
                if (pair.Length == 2 && pair[0].Trim() == "q" &&
                    double.TryParse(pair[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
                {
                    quality = q;
                }
            }
            if (quality > 0)
            {
                ranges.Add(new MediaRange(type, subType, quality));
            }
        }
        return [.. ranges
            .Select((range, index) => (range, index))
            .OrderByDescending(r => r.range.Quality)
            .ThenBy(r => r.range.Type == "*" ? 1 : 0)
            .ThenBy(r => r.range.SubType == "*" ? 1 : 0)
            .ThenBy(r => r.index)
            .Select(r => r.range)];
    }

    /// <summary>The first offered media type ("application/json") that the header accepts, or null.</summary>
    public static string? Negotiate(string? header, IReadOnlyList<string> offered)
    {
        foreach (var range in Parse(header))
        {
            foreach (var candidate in offered)
            {
                var slash = candidate.IndexOf('/');
                if (range.Matches(candidate[..slash], candidate[(slash + 1)..]))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
