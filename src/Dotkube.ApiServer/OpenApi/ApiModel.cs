using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>The operations of one group version ("api/v1", "apis/apps/v1").</summary>
internal sealed record GroupVersionPaths(string Group, string Version, IReadOnlyList<ApiPath> Paths)
{
    /// <summary>The key of the group version in the /openapi/v3 index.</summary>
    public string IndexKey => Group.Length == 0 ? "api/" + Version : $"apis/{Group}/{Version}";
}

/// <summary>
/// Every path and definition of one resource set, independent of the output format. Model
/// definitions come from <see cref="ModelSchemas"/> (shared across sets); this adds the per-set
/// parts: custom resource schemas, synthesized lists, and x-kubernetes-group-version-kind lists.
/// </summary>
internal sealed class ApiModel
{
    private readonly Dictionary<string, Schema> ownDefinitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Schema> aggregatedDefinitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<GroupVersionKind>> kindsByDefinition = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, string Scope), Schema> resolved = new();

    public ApiModel(IEnumerable<ResourceDefinition> resources, OpenApiOptions options, IReadOnlyList<AggregatedSpec>? aggregated = null)
    {
        var paths = new SortedDictionary<string, List<ApiPath>>(StringComparer.Ordinal);
        var groupVersions = new SortedDictionary<string, (string Group, string Version)>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            foreach (var version in resource.Versions)
            {
                var kinds = KindsOf(resource, version, options);
                AddKind(kinds.KindDefinition, kinds.Kind);
                AddKind(kinds.ListDefinition, kinds.Kind with { Kind = resource.ListKind });
                var key = resource.Group.Length == 0 ? "api/" + version : $"apis/{resource.Group}/{version}";
                groupVersions[key] = (resource.Group, version);
                if (!paths.TryGetValue(key, out var list))
                {
                    paths[key] = list = [];
                }
                list.AddRange(new ResourcePaths(resource, version, kinds, options, DefinitionOfKind).Build());
            }
        }
        // DeleteOptions and WatchEvent are registered in every group version.
        foreach (var (group, version) in groupVersions.Values)
        {
            AddKind(ApiMachineryTypes.DeleteOptions, new(group, version, "DeleteOptions"));
            AddKind(ApiMachineryTypes.WatchEvent, new(group, version, "WatchEvent"));
        }
        GroupVersions = [.. groupVersions.Select(gv => new GroupVersionPaths(
            gv.Value.Group, gv.Value.Version, [.. paths[gv.Key].OrderBy(p => p.Path, StringComparer.Ordinal)]))];
        V2Paths = [.. GroupVersions.SelectMany(gv => gv.Paths).Concat(Aggregated(aggregated ?? [])).OrderBy(p => p.Path, StringComparer.Ordinal)];
    }

    public IReadOnlyList<GroupVersionPaths> GroupVersions { get; }

    /// <summary>Every path of /openapi/v2: this server's and the aggregated APIServices', sorted.</summary>
    public IReadOnlyList<ApiPath> V2Paths { get; }

    /// <summary>
    /// The aggregated backends' paths and definitions, as kube-aggregator merges them: a path this
    /// server (or an earlier backend) already serves is ignored, and so is a definition whose
    /// name is already defined (the local one is kept; upstream renames it when they differ).
    /// </summary>
    private List<ApiPath> Aggregated(IReadOnlyList<AggregatedSpec> specs)
    {
        var seen = GroupVersions.SelectMany(gv => gv.Paths).Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var result = new List<ApiPath>();
        foreach (var spec in specs)
        {
            if (spec.V2 is not { } swagger)
            {
                continue;
            }
            result.AddRange(SwaggerImport.Paths(swagger).Where(p => seen.Add(p.Path)));
            foreach (var (name, schema) in SwaggerImport.Definitions(swagger))
            {
                if (!ownDefinitions.ContainsKey(name) && ModelSchemas.Definition(name) is null)
                {
                    aggregatedDefinitions.TryAdd(name, schema);
                }
            }
        }
        // A path referring to a definition no one defines would break the whole document: leave it out.
        return result.Where(Complete).ToList();
    }

    private bool Complete(ApiPath path)
    {
        try
        {
            DefinitionsUsedBy([path]);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// A definition by name, with its x-kubernetes-group-version-kind when it is a kind. DeleteOptions
    /// and WatchEvent belong to every group version; within one group version's document
    /// (<paramref name="scope"/>) they list only that one, so adding a group leaves the other
    /// documents, and their hashes, unchanged.
    /// </summary>
    public Schema Definition(string name, GroupVersionPaths? scope = null) =>
        resolved.GetOrAdd((name, scope?.IndexKey ?? ""), key => Resolve(key.Name, scope));

    /// <summary>The definitions the given paths use, directly or through other definitions, by name.</summary>
    public SortedDictionary<string, Schema> DefinitionsUsedBy(IEnumerable<ApiPath> paths, GroupVersionPaths? scope = null)
    {
        var pending = new Stack<string>();
        foreach (var path in paths)
        {
            foreach (var operation in path.Operations)
            {
                var refs = new List<string>();
                foreach (var parameter in operation.Parameters)
                {
                    parameter.BodySchema?.CollectRefs(refs);
                }
                foreach (var response in operation.Responses)
                {
                    response.Schema?.CollectRefs(refs);
                }
                refs.ForEach(pending.Push);
            }
        }
        var definitions = new SortedDictionary<string, Schema>(StringComparer.Ordinal);
        while (pending.TryPop(out var name))
        {
            if (definitions.ContainsKey(name))
            {
                continue;
            }
            var definition = Definition(name, scope);
            definitions[name] = definition;
            var refs = new List<string>();
            definition.CollectRefs(refs);
            refs.ForEach(pending.Push);
        }
        return definitions;
    }

    private Schema Resolve(string name, GroupVersionPaths? scope)
    {
        var definition = ownDefinitions.GetValueOrDefault(name) ?? ModelSchemas.Definition(name) ?? aggregatedDefinitions.GetValueOrDefault(name)
            ?? throw new InvalidOperationException($"OpenAPI definition {name} is referenced but unknown");
        var kinds = kindsByDefinition.GetValueOrDefault(name)?.ToList() ?? [];
        var shared = name is ApiMachineryTypes.DeleteOptions or ApiMachineryTypes.WatchEvent;
        if (scope is not null && shared)
        {
            kinds.RemoveAll(k => k.Group != scope.Group || k.Version != scope.Version);
        }
        else if (DefinitionNames.TypeOf(name) is { } model && DefinitionNames.EntityOf(model) is { } entity)
        {
            var own = new GroupVersionKind(entity.Group ?? "", entity.ApiVersion, entity.Kind);
            if (!kinds.Contains(own))
            {
                kinds.Add(own);
                kinds.Sort(CompareKinds);
            }
        }
        if (kinds.Count == 0)
        {
            return definition;
        }
        var gvks = new JsonArray([.. kinds.Select(k => (JsonNode)KindNode(k))]);
        return definition with { Extensions = [.. definition.Extensions, new("x-kubernetes-group-version-kind", gvks)] };
    }

    /// <summary>{"group": …, "kind": …, "version": …} as the extension carries it.</summary>
    public static JsonObject KindNode(GroupVersionKind kind) => new()
    {
        ["group"] = kind.Group,
        ["kind"] = kind.Kind,
        ["version"] = kind.Version,
    };

    private static int CompareKinds(GroupVersionKind a, GroupVersionKind b)
    {
        var byGroup = string.CompareOrdinal(a.Group, b.Group);
        if (byGroup != 0)
        {
            return byGroup;
        }
        var byVersion = string.CompareOrdinal(a.Version, b.Version);
        return byVersion != 0 ? byVersion : string.CompareOrdinal(a.Kind, b.Kind);
    }

    private void AddKind(string definition, GroupVersionKind kind)
    {
        if (!kindsByDefinition.TryGetValue(definition, out var kinds))
        {
            kindsByDefinition[definition] = kinds = new SortedSet<GroupVersionKind>(Comparer<GroupVersionKind>.Create(CompareKinds));
        }
        kinds.Add(kind);
    }

    private static string? DefinitionOfKind(GroupVersionKind kind) =>
        DefinitionNames.FindKind(kind.Group, kind.Version, kind.Kind) is { } model ? DefinitionNames.Of(model) : null;

    /// <summary>The definitions a resource version reads and writes; custom kinds and missing lists are added to this set.</summary>
    private ResourceKinds KindsOf(ResourceDefinition resource, string version, OpenApiOptions options)
    {
        var kind = new GroupVersionKind(resource.Group, version, resource.Kind);
        if (resource.ModelTypes.TryGetValue(version, out var model))
        {
            var kindDefinition = DefinitionNames.Of(model);
            var listDefinition = DefinitionOfKind(kind with { Kind = resource.ListKind });
            if (listDefinition is null)
            {
                listDefinition = DefinitionNames.ForKind(resource.Group, version, resource.ListKind);
                ownDefinitions[listDefinition] = CustomResourceSchemas.List(resource.Kind, kindDefinition);
            }
            return new ResourceKinds(kind, kindDefinition, listDefinition, Custom: false);
        }
        var customKind = CustomResourceSchemas.DefinitionName(resource.Group, version, resource.Kind);
        var customList = CustomResourceSchemas.DefinitionName(resource.Group, version, resource.ListKind);
        ownDefinitions[customKind] = CustomResourceSchemas.Kind(options.CustomResourceSchema?.Invoke(resource, version));
        ownDefinitions[customList] = CustomResourceSchemas.List(resource.Kind, customKind);
        return new ResourceKinds(kind, customKind, customList, Custom: true);
    }
}
