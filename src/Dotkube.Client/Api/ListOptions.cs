namespace Dotkube.Client;

/// <summary>Query parameters of a list call.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the server returns a continue token when more remain.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" lets the server answer from its cache; null asks for the latest (a quorum read).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>NotOlderThan or Exact, with <see cref="ResourceVersion"/>.</summary>
    public string? ResourceVersionMatch { get; init; }

    public int? TimeoutSeconds { get; init; }
}
