using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Core;

namespace Dotkube.ApiServer.Resources;

/// <summary>Every built-in resource, in upstream's discovery order: core first, then the groups.</summary>
public static class BuiltinResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } = [.. CoreResources.All, .. GroupResources.All];

    /// <summary>
    /// <see cref="All"/> and the legacy API versions of 2020 (rbac v1beta1, extensions/v1beta1, ...),
    /// what the server serves unless started with <c>--legacy-api-versions=false</c>.
    /// </summary>
    public static IReadOnlyList<ResourceDefinition> WithLegacyVersions { get; } = Legacy.LegacyResources.Serve(All);
}
