namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// Upstream's prerelease-lifecycle facts of one legacy kind: the 1.x release that deprecated it, the
/// one that stopped serving it, and the kind to use instead ("apps/v1 Deployment"; none for
/// PodSecurityPolicy).
/// </summary>
public sealed record ApiLifecycle(int DeprecatedMinor, int RemovedMinor, string? Replacement)
{
    /// <summary>The Warning header text, worded as upstream's deprecation.WarningMessage.</summary>
    public string Warning(string apiVersion, string kind)
    {
        var text = $"{apiVersion} {kind} is deprecated in v1.{DeprecatedMinor}+, unavailable in v1.{RemovedMinor}+";
        return Replacement is null ? text : $"{text}; use {Replacement}";
    }
}
