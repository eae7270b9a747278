namespace Dotkube.Client.Cache;

/// <summary>What a relist changed in a cache.</summary>
public sealed record CacheDiff<T>(IReadOnlyList<T> Added, IReadOnlyList<(T Old, T New)> Updated, IReadOnlyList<T> Deleted)
    where T : class;
