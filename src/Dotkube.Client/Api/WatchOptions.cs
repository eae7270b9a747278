namespace Dotkube.Client;

/// <summary>Query parameters of a watch call.</summary>
public sealed record WatchOptions
{
    /// <summary>Start after this revision; null or "0" starts from the current state.</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Ask for BOOKMARK events, which move the resume point forward on quiet streams.</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>The server ends the stream after this long; the caller re-watches from its last revision.</summary>
    public int? TimeoutSeconds { get; init; }

    public bool? SendInitialEvents { get; init; }

    public string? ResourceVersionMatch { get; init; }
}
