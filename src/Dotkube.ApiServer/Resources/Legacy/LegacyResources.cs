using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Policy;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// The API versions Kubernetes served around 2020 and no longer does (rbac v1beta1, extensions
/// v1beta1, ...), served again for manifests written then: each listed after the current versions
/// and never preferred, converted to the stored version, with upstream's deprecation warning.
/// </summary>
public static class LegacyResources
{
    /// <summary>
    /// The current resources with their legacy versions added, then the legacy-only resources
    /// (extensions/v1beta1, policy/v1beta1 PodSecurityPolicy), which come last so that kubectl
    /// resolves "deployments" to apps before extensions.
    /// </summary>
    public static IReadOnlyList<ResourceDefinition> Serve(IReadOnlyList<ResourceDefinition> current)
    {
        var result = new List<ResourceDefinition>(current.Count + 8);
        foreach (var def in current)
        {
            var legacy = LegacyCatalog.SameGroup(def);
            result.Add(legacy.Count == 0 ? def : WithVersions(def, legacy));
        }
        foreach (var (group, plural, version) in LegacyCatalog.OtherGroups)
        {
            if (current.FirstOrDefault(d => d.Group == group && d.Plural == plural) is { } def)
            {
                result.Add(InGroup(def, version));
            }
        }
        result.Add(PodSecurityPolicyResource.Definition);
        return result;
    }

    /// <summary>The definition serving <paramref name="legacy"/> versions too, after its own.</summary>
    private static ResourceDefinition WithVersions(ResourceDefinition def, IReadOnlyList<LegacyVersion> legacy) =>
        Copy(def, def.Group, [.. def.Versions, .. legacy.Select(l => l.Version)], def.StorageApiVersion,
            new LegacyConverter(def.Converter, legacy),
            Merge(def.ModelTypes, legacy.Where(l => l.Model is not null).Select(l => (l.Version, l.Model!))),
            Merge(def.DeprecationWarnings, legacy.Select(l => (l.Version, l.Lifecycle.Warning(l.ApiVersion, def.Kind)))),
            sameGroup: true);

    /// <summary>
    /// The resource served in another (legacy) group, such as extensions/v1beta1 deployments: the
    /// same stored objects and strategy. No categories, so <c>kubectl get all</c> lists each object
    /// once, and no short names, so kubectl does not warn that "deploy" is ambiguous.
    /// </summary>
    private static ResourceDefinition InGroup(ResourceDefinition def, LegacyVersion legacy)
    {
        var slash = legacy.ApiVersion.IndexOf('/');
        return Copy(def, legacy.ApiVersion[..slash], [legacy.Version], def.StorageApiVersion,
            new LegacyConverter(def.Converter, [legacy]),
            legacy.Model is null ? new Dictionary<string, Type>() : new Dictionary<string, Type> { [legacy.Version] = legacy.Model },
            new Dictionary<string, string> { [legacy.Version] = legacy.Lifecycle.Warning(legacy.ApiVersion, def.Kind) },
            sameGroup: false);
    }

    private static Dictionary<string, T> Merge<T>(IReadOnlyDictionary<string, T> existing, IEnumerable<(string Key, T Value)> added)
    {
        var result = new Dictionary<string, T>(existing);
        foreach (var (key, value) in added)
        {
            result[key] = value;
        }
        return result;
    }

    private static ResourceDefinition Copy(
        ResourceDefinition def, string group, IReadOnlyList<string> versions, string storageApiVersion, IVersionConverter converter,
        IReadOnlyDictionary<string, Type> models, IReadOnlyDictionary<string, string> warnings, bool sameGroup) => new()
        {
            Group = group,
            Versions = versions,
            StorageApiVersion = storageApiVersion,
            Kind = def.Kind,
            Plural = def.Plural,
            Singular = def.Singular,
            Namespaced = def.Namespaced,
            ShortNames = sameGroup ? def.ShortNames : [],
            Categories = sameGroup ? def.Categories : [],
            Verbs = def.Verbs,
            Subresources = def.Subresources,
            StoragePrefix = def.StoragePrefix,
            Strategy = def.Strategy,
            ReturnDeletedObject = def.ReturnDeletedObject,
            Converter = converter,
            ModelTypes = models,
            DeprecationWarnings = warnings,
        };
}
