namespace Dotkube.Client.Discovery;

/// <summary>
/// What discovery found: the resources of every group version it could read, and the group
/// versions it could not (an aggregated API whose service is down, say). A partial result is
/// still useful, as upstream's controllers treat it: act on what is known, report the rest.
/// </summary>
/// <param name="All">every resource in every served version, each group's preferred version first.</param>
public sealed record DiscoveryResult(IReadOnlyList<ApiResource> All, IReadOnlyDictionary<string, string> FailedGroupVersions)
{
    /// <summary>
    /// Each resource once: in its group's preferred version when that version has it, otherwise
    /// in the first version that does (client-go's ServerPreferredResources).
    /// </summary>
    public IReadOnlyList<ApiResource> Preferred => [.. All.DistinctBy(r => (r.Type.Group, r.Type.Plural))];

    /// <summary>The resource of a kind in one exact version (a RESTMapper lookup), or null when that version does not serve it.</summary>
    public ApiResource? Find(string group, string version, string kind) =>
        All.FirstOrDefault(r => r.Type.Group == group && r.Type.Version == version && r.Type.Kind == kind);

    public bool Complete => FailedGroupVersions.Count == 0;

    /// <summary>client-go's ErrGroupDiscoveryFailed text; null when discovery was complete.</summary>
    public string? Error => Complete
        ? null
        : "unable to retrieve the complete list of server APIs: "
            + string.Join(", ", FailedGroupVersions.Select(f => $"{f.Key}: {f.Value}").Order(StringComparer.Ordinal));
}
