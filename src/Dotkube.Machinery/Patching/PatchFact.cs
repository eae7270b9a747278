namespace Dotkube.Machinery.Patching;

/// <summary>
/// What upstream's Go types say about merging one field: the strategic-merge
/// <c>patchStrategy</c>/<c>patchMergeKey</c> tags and the server-side-apply
/// <c>+listType</c>/<c>+listMapKey</c>/<c>+mapType</c> markers.
/// </summary>
/// <param name="Strategy"><c>merge</c>, <c>retainKeys</c>, <c>merge,retainKeys</c>, or null (replace).</param>
/// <param name="MergeKey">The key that identifies list items when merging (<c>name</c>, <c>containerPort</c>, ...).</param>
/// <param name="ListType"><c>atomic</c>, <c>set</c> or <c>map</c>.</param>
/// <param name="ListMapKeys">For <c>listType=map</c>, the keys that together identify an item.</param>
/// <param name="MapType"><c>atomic</c> or <c>granular</c>.</param>
public sealed record PatchFact(string? Strategy, string? MergeKey, string? ListType, IReadOnlyList<string>? ListMapKeys, string? MapType)
{
    /// <summary><c>atomic</c> or <c>granular</c> for struct-valued fields (server-side apply).</summary>
    public string? StructType { get; init; }

    /// <summary>Lists with this strategy merge item by item instead of being replaced.</summary>
    public bool MergesLists => Strategy is not null && Strategy.Split(',').Contains("merge");

    /// <summary>Objects with this strategy drop keys the patch's <c>$retainKeys</c> does not list.</summary>
    public bool RetainsKeys => Strategy is not null && Strategy.Split(',').Contains("retainKeys");
}
