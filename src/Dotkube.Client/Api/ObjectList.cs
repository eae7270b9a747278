namespace Dotkube.Client;

/// <summary>One page of a list: the items, the list's resourceVersion and the continue token.</summary>
public sealed record ObjectList<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue, long? RemainingItemCount)
    where T : class;
