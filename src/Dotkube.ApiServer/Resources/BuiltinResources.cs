using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Core;

namespace Dotkube.ApiServer.Resources;

/// <summary>Every built-in resource, in upstream's discovery order: core first, then the groups.</summary>
public static class BuiltinResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } = [.. CoreResources.All, .. GroupResources.All];
}
