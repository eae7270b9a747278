namespace Dotkube.Client.Discovery;

/// <summary>One resource as discovery lists it: where it is served, and the verbs it supports.</summary>
public sealed record ApiResource(ResourceType Type, IReadOnlyList<string> Verbs)
{
    /// <summary>Whether every one of <paramref name="verbs"/> is supported (client-go's SupportsAllVerbs).</summary>
    public bool SupportsAll(params string[] verbs) => verbs.All(Verbs.Contains);
}
