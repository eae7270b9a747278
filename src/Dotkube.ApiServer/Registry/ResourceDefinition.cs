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

    /// <summary>
    /// Full apiVersion objects are stored in ("v1", "autoscaling/v2"); defaults to the first served
    /// version. It may belong to another group: events.k8s.io/v1 Events are stored as core v1 Events,
    /// sharing the storage prefix, as upstream does.
    /// </summary>
    public string StorageApiVersion
    {
        get => storageApiVersion ?? GroupVersion(Versions[0]);
        init => storageApiVersion = value;
    }

    public required string Kind { get; init; }

    /// <summary>The kind of lists; KindList unless set (a CRD's spec.names.listKind).</summary>
    public string ListKind
    {
        get => listKind ?? Kind + "List";
        init => listKind = value;
    }

    private readonly string? listKind;

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

    /// <summary>
    /// True when a completed delete answers with the deleted object (pods, services, ...); false when
    /// it answers with a Success Status naming it, as upstream's generic store does by default.
    /// </summary>
    public bool ReturnDeletedObject { get; init; }

    /// <summary>Converts between the storage apiVersion and served versions; null when they are all the same shape.</summary>
    public IVersionConverter? Converter { get; init; }

    /// <summary>
    /// KubernetesClient model type per served version ("v1" → typeof(V1Pod)), when one exists; drives
    /// OpenAPI, strategic merge patch and typed decoding.
    /// </summary>
    public IReadOnlyDictionary<string, Type> ModelTypes { get; init; } = new Dictionary<string, Type>();

    /// <summary>
    /// Upstream's deprecation warning per deprecated served version ("v1beta1" → "rbac.authorization.k8s.io/v1beta1
    /// Role is deprecated in v1.17+, unavailable in v1.22+; use rbac.authorization.k8s.io/v1 Role"), sent
    /// in a <c>Warning</c> header with every response served in that version.
    /// </summary>
    public IReadOnlyDictionary<string, string> DeprecationWarnings { get; init; } = new Dictionary<string, string>();

    public string GroupVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    private readonly string? storageApiVersion;
}

/// <summary>Converts an object (JSON, carrying its apiVersion) between the storage and served versions of one resource.</summary>
public interface IVersionConverter
{
    /// <summary>
    /// Returns the object in <paramref name="toApiVersion"/> (a full apiVersion, e.g. "autoscaling/v1"),
    /// with apiVersion (and kind, if it differs) set. Must be lossless for a round trip through
    /// storage, keeping fields the target version lacks in annotations as upstream does.
    /// </summary>
    System.Text.Json.Nodes.JsonObject Convert(System.Text.Json.Nodes.JsonObject obj, string toApiVersion);
}
