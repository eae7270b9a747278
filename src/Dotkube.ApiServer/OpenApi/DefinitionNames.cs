using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Upstream definition names ("io.k8s.api.core.v1.PodSpec") for KubernetesClient model classes,
/// whose names carry only the version. The Go package is derived from metadata:
/// <list type="bullet">
/// <item>apimachinery types from a small table of facts (<see cref="ApiMachineryTypes"/>);</item>
/// <item>kinds from their [KubernetesEntity] group and version;</item>
/// <item>names the client disambiguated with a package prefix (Corev1EndpointPort) from that prefix;</item>
/// <item>any other type from the kinds that reach it through their fields: API packages import
/// core/v1 but never each other's kinds' packages the other way, so a type reachable from a core/v1
/// kind is a core/v1 type, and a type reachable only from apps/v1 kinds is an apps/v1 type.</item>
/// </list>
/// Computed once per process from the KubernetesClient assembly, independent of the resource set.
/// </summary>
internal static partial class DefinitionNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type> TypesByName = new(StringComparer.Ordinal);
    private static readonly Lazy<Catalog> Models = new(BuildCatalog);

    /// <summary>The upstream definition name of a model type.</summary>
    public static string Of(Type model) => Names.GetOrAdd(model, static t =>
    {
        var name = Compute(t);
        TypesByName.TryAdd(name, t);
        return name;
    });

    /// <summary>The model type a definition name was computed for, if any.</summary>
    public static Type? TypeOf(string definitionName)
    {
        if (TypesByName.TryGetValue(definitionName, out var model))
        {
            return model;
        }
        // Operations refer to meta/v1 kinds (Status, DeleteOptions, WatchEvent) by name.
        model = ApiMachineryTypes.ModelOf(definitionName);
        if (model is not null)
        {
            Of(model);
        }
        return model;
    }

    /// <summary>The KubernetesClient kind class for a group/version/kind, if the client has one.</summary>
    public static Type? FindKind(string group, string version, string kind) =>
        Models.Value.Kinds.GetValueOrDefault((group, version, kind));

    /// <summary>Generated KubernetesClient model classes (records in k8s.Models).</summary>
    public static bool IsModel(Type type) =>
        type.Namespace == "k8s.Models" && type.IsClass && !type.IsAbstract && type.GetMethod("<Clone>$") is not null;

    public static KubernetesEntityAttribute? EntityOf(Type type) => type.GetCustomAttribute<KubernetesEntityAttribute>(false);

    /// <summary>Go package name of an API group: "" → core, apps → apps, rbac.authorization.k8s.io → rbac.</summary>
    public static string PackageOfGroup(string group) => group switch
    {
        "" => "core",
        "internal.apiserver.k8s.io" => "apiserverinternal",
        _ => group.Split('.')[0],
    };

    /// <summary>Definition name prefix of a Go API package (most live under k8s.io/api).</summary>
    public static string RootOfPackage(string package) => package switch
    {
        "apiextensions" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        _ => "io.k8s.api." + package,
    };

    /// <summary>Definition name of a kind in a group/version, as upstream names built-in kinds.</summary>
    public static string ForKind(string group, string version, string kind) =>
        $"{RootOfPackage(PackageOfGroup(group))}.{version}.{kind}";

    private static string Compute(Type model)
    {
        if (ApiMachineryTypes.DefinitionName(model) is { } apimachinery)
        {
            return apimachinery;
        }
        if (EntityOf(model) is { } entity)
        {
            return ForKind(entity.Group ?? "", entity.ApiVersion, entity.Kind);
        }
        var prefixed = PackagePrefixed().Match(model.Name);
        if (prefixed.Success && Models.Value.Packages.Contains(prefixed.Groups["pkg"].Value.ToLowerInvariant()))
        {
            return $"{RootOfPackage(prefixed.Groups["pkg"].Value.ToLowerInvariant())}.{prefixed.Groups["version"].Value}.{prefixed.Groups["name"].Value}";
        }
        var versioned = VersionPrefixed().Match(model.Name);
        if (!versioned.Success)
        {
            throw new InvalidOperationException($"cannot derive an OpenAPI definition name for {model.FullName}");
        }
        var version = "v" + versioned.Groups["version"].Value;
        var typeName = versioned.Groups["name"].Value;
        return $"{RootOfPackage(PackageOf(model, version, typeName))}.{version}.{typeName}";
    }

    private static string PackageOf(Type model, string version, string typeName)
    {
        if (ApiMachineryTypes.CoreV1UsedElsewhere.Contains(model.Name))
        {
            return "core";
        }
        var catalog = Models.Value;
        var reachedFrom = catalog.ReachedFrom.GetValueOrDefault(model) ?? [];
        var sameVersion = reachedFrom.Where(p => p.Version == version).Select(p => p.Package).Distinct().Order(StringComparer.Ordinal).ToList();
        if (sameVersion.Contains("core"))
        {
            return "core";
        }
        if (sameVersion.Count > 0)
        {
            return sameVersion[0];
        }
        // Not reached from a kind of its own version (e.g. alpha types embedded in a GA kind):
        // the package with a kind of that version whose name starts the type's name.
        var byKindPrefix = catalog.Kinds.Keys
            .Where(k => k.Version == version && typeName.StartsWith(k.Kind, StringComparison.Ordinal))
            .OrderByDescending(k => k.Kind.Length)
            .Select(k => PackageOfGroup(k.Group))
            .FirstOrDefault();
        return byKindPrefix ?? reachedFrom.Select(p => p.Package).Order(StringComparer.Ordinal).FirstOrDefault() ?? "core";
    }

    private sealed record Catalog(
        Dictionary<(string Group, string Version, string Kind), Type> Kinds,
        HashSet<string> Packages,
        Dictionary<Type, HashSet<(string Package, string Version)>> ReachedFrom);

    private static Catalog BuildCatalog()
    {
        var kinds = new Dictionary<(string, string, string), Type>();
        var roots = new Dictionary<(string Package, string Version), List<Type>>();
        foreach (var type in typeof(V1Pod).Assembly.GetExportedTypes())
        {
            if (!IsModel(type) || EntityOf(type) is not { } entity)
            {
                continue;
            }
            kinds.TryAdd((entity.Group ?? "", entity.ApiVersion, entity.Kind), type);
            if (ApiMachineryTypes.DefinitionName(type) is null)
            {
                var origin = (PackageOfGroup(entity.Group ?? ""), entity.ApiVersion);
                if (!roots.TryGetValue(origin, out var list))
                {
                    roots[origin] = list = [];
                }
                list.Add(type);
            }
        }
        // One walk per package version, from all its kinds at once; each type's field models are
        // reflected once and shared by the walks.
        var children = new Dictionary<Type, Type[]>();
        var reachedFrom = new Dictionary<Type, HashSet<(string, string)>>();
        foreach (var (origin, kindTypes) in roots)
        {
            var seen = new HashSet<Type>(kindTypes);
            var queue = new Queue<Type>(kindTypes);
            while (queue.TryDequeue(out var current))
            {
                if (!children.TryGetValue(current, out var fields))
                {
                    children[current] = fields = [.. FieldModels(current).Distinct()];
                }
                foreach (var child in fields)
                {
                    if (EntityOf(child) is null && ApiMachineryTypes.DefinitionName(child) is null && seen.Add(child))
                    {
                        queue.Enqueue(child);
                        if (!reachedFrom.TryGetValue(child, out var origins))
                        {
                            reachedFrom[child] = origins = [];
                        }
                        origins.Add(origin);
                    }
                }
            }
        }
        return new Catalog(kinds, [.. roots.Keys.Select(r => r.Package)], reachedFrom);
    }

    /// <summary>Model types used by a model's fields, looking through lists, maps and nullables.</summary>
    private static IEnumerable<Type> FieldModels(Type model)
    {
        foreach (var property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var pending = new Stack<Type>([property.PropertyType]);
            while (pending.TryPop(out var type))
            {
                if (type.IsGenericType)
                {
                    foreach (var argument in type.GetGenericArguments())
                    {
                        pending.Push(argument);
                    }
                }
                else if (IsModel(type))
                {
                    yield return type;
                }
            }
        }
    }

    [GeneratedRegex("^(?<pkg>[A-Z][a-z]+)(?<version>v[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)(?<name>[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex PackagePrefixed();

    [GeneratedRegex("^V(?<version>[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)(?<name>[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex VersionPrefixed();
}
