namespace Dotkube.ApiServer.Routing;

/// <summary>
/// What a request is about, parsed from its path and method the way kube-apiserver's request-info
/// resolver does: the basis for routing, authorization and audit.
/// </summary>
public sealed record RequestInfo
{
    /// <summary>True for /api and /apis requests about resources (false for discovery and other paths).</summary>
    public bool IsResourceRequest { get; init; }

    public string Path { get; init; } = "";

    /// <summary>"api" or "apis" (or "" for non-API paths).</summary>
    public string ApiPrefix { get; init; } = "";

    public string Group { get; init; } = "";

    public string Version { get; init; } = "";

    public string Namespace { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection.</summary>
    public string Verb { get; init; } = "";

    /// <summary>Path segments after the prefix, for discovery requests (/api, /apis/apps, ...).</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];
}
