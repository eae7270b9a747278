using k8s.Models;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Facts about the k8s.io/apimachinery types, which KubernetesClient models like any API type but
/// which live in apimachinery's Go packages, and the scalar types that have their own definitions.
/// </summary>
internal static class ApiMachineryTypes
{
    public const string MetaV1 = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Time = MetaV1 + "Time";
    public const string ObjectMeta = MetaV1 + "ObjectMeta";
    public const string ListMeta = MetaV1 + "ListMeta";
    public const string Status = MetaV1 + "Status";
    public const string DeleteOptions = MetaV1 + "DeleteOptions";
    public const string WatchEvent = MetaV1 + "WatchEvent";
    public const string Patch = MetaV1 + "Patch";

    /// <summary>KubernetesClient model class name → Go type name in meta/v1.</summary>
    private static readonly Dictionary<string, string> MetaV1Models = new(StringComparer.Ordinal)
    {
        ["V1APIGroup"] = "APIGroup",
        ["V1APIGroupList"] = "APIGroupList",
        ["V1APIResource"] = "APIResource",
        ["V1APIResourceList"] = "APIResourceList",
        ["V1APIVersions"] = "APIVersions",
        ["V1Condition"] = "Condition",
        ["V1DeleteOptions"] = "DeleteOptions",
        ["V1FieldSelectorRequirement"] = "FieldSelectorRequirement",
        ["V1GroupVersionForDiscovery"] = "GroupVersionForDiscovery",
        ["V1GroupVersionKind"] = "GroupVersionKind",
        ["V1LabelSelector"] = "LabelSelector",
        ["V1LabelSelectorRequirement"] = "LabelSelectorRequirement",
        ["V1ListMeta"] = "ListMeta",
        ["V1ManagedFieldsEntry"] = "ManagedFieldsEntry",
        ["V1ObjectMeta"] = "ObjectMeta",
        ["V1OwnerReference"] = "OwnerReference",
        ["V1Patch"] = "Patch",
        ["V1Preconditions"] = "Preconditions",
        ["V1ServerAddressByClientCIDR"] = "ServerAddressByClientCIDR",
        ["V1Status"] = "Status",
        ["V1StatusCause"] = "StatusCause",
        ["V1StatusDetails"] = "StatusDetails",
        ["V1WatchEvent"] = "WatchEvent",
    };

    /// <summary>
    /// Types of the core/v1 package that no core/v1 kind reaches (only storage.k8s.io StorageClass
    /// uses them), so reachability alone would place them in the wrong package.
    /// </summary>
    public static readonly IReadOnlySet<string> CoreV1UsedElsewhere = new HashSet<string>(StringComparer.Ordinal)
    {
        "V1TopologySelectorLabelRequirement",
        "V1TopologySelectorTerm",
    };

    /// <summary>The definition name of an apimachinery model, or null when the model is an API type.</summary>
    public static string? DefinitionName(Type model)
    {
        if (model == typeof(ResourceQuantity))
        {
            return Quantity;
        }
        if (model == typeof(IntOrString))
        {
            return IntOrString;
        }
        if (model.Name == "VersionInfo")
        {
            return "io.k8s.apimachinery.pkg.version.Info";
        }
        return MetaV1Models.TryGetValue(model.Name, out var name) ? MetaV1 + name : null;
    }

    /// <summary>The model class of a meta/v1 definition name ("…meta.v1.Status" → V1Status), if there is one.</summary>
    public static Type? ModelOf(string definitionName)
    {
        if (!definitionName.StartsWith(MetaV1, StringComparison.Ordinal))
        {
            return null;
        }
        var goName = definitionName[MetaV1.Length..];
        var model = MetaV1Models.FirstOrDefault(m => m.Value == goName).Key;
        return model is null ? null : typeof(V1Pod).Assembly.GetType("k8s.Models." + model);
    }

    /// <summary>
    /// Definitions whose shape is not their C# shape: scalars with their own names (and the
    /// upstream special formats), and Patch, whose body is an opaque object.
    /// </summary>
    public static IEnumerable<(string Name, Schema Schema)> SpecialDefinitions()
    {
        yield return (Quantity, new Schema
        {
            Type = "string",
            OneOfTypes = ["string", "number"],
            Description = "Quantity is a fixed-point number with an optional suffix, serialized as a string such as \"100m\", \"1.5Gi\" or \"2e3\": binary SI suffixes (Ki, Mi, Gi, Ti, Pi, Ei), decimal SI suffixes (n, u, m, \"\", k, M, G, T, P, E) or a decimal exponent.",
        });
        yield return (IntOrString, new Schema
        {
            Type = "string",
            Format = "int-or-string",
            OneOfTypes = ["integer", "string"],
            Description = "IntOrString holds either an int32 or a string; in JSON it is a bare number or a string (for example a port number or a port name, or a count or a percentage).",
        });
        yield return (Time, new Schema
        {
            Type = "string",
            Format = "date-time",
            Description = "Time is a timestamp serialized as an RFC 3339 string in UTC with second precision.",
        });
        yield return (Patch, new Schema
        {
            Type = "object",
            Description = "Patch is the body of a PATCH request; its format is given by the request's Content-Type (JSON patch, JSON merge patch, strategic merge patch or apply configuration).",
        });
    }
}
