namespace Dotkube.ApiServer.Registry;

/// <summary>
/// Everything the generic REST store, discovery and OpenAPI need to know about one resource.
/// Built-in resources and CustomResourceDefinitions register the same way.
/// </summary>
public sealed class ResourceDefinition
{
    /// <summary>API group; "" for the core group.</summary>
    public required string Group { get; init; }

    /// <summary>Served versions, preferred (and storage) first, e.g. ["v2", "v1"].</summary>
    public required IReadOnlyList<string> Versions { get; init; }

    /// <summary>Version objects are stored in; defaults to the first served version.</summary>
    public string StorageVersion => storageVersion ?? Versions[0];

    public string? StorageVersionOverride { init => storageVersion = value; }

    public required string Kind { get; init; }

    public string ListKind => Kind + "List";

    /// <summary>Lower-case plural, the URL segment ("pods").</summary>
    public required string Plural { get; init; }

    /// <summary>Lower-case singular ("pod").</summary>
    public required string Singular { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Verbs on the main resource, as discovery lists them.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Subresources served (e.g. "status", "scale", "binding", "log").</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];

    /// <summary>
    /// Storage key prefix without trailing slash, as kube-apiserver lays out etcd
    /// ("/registry/pods", "/registry/minions", "/registry/services/specs", "/registry/deployments").
    /// </summary>
    public required string StoragePrefix { get; init; }

    public required IResourceStrategy Strategy { get; init; }

    /// <summary>Converts between served versions; null when there is only one version.</summary>
    public IVersionConverter? Converter { get; init; }

    /// <summary>KubernetesClient model type for the storage version, when one exists (drives OpenAPI and typed validation).</summary>
    public Type? ModelType { get; init; }

    public string GroupVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    private readonly string? storageVersion;
}

/// <summary>Converts an object (JSON, with apiVersion) between the served versions of one resource.</summary>
public interface IVersionConverter
{
    /// <summary>Returns a new object in <paramref name="toVersion"/>; sets apiVersion.</summary>
    System.Text.Json.Nodes.JsonObject Convert(System.Text.Json.Nodes.JsonObject obj, string toVersion);
}
