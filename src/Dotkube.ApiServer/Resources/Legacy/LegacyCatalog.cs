using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// Which legacy versions each resource gets, with upstream's lifecycle facts
/// (k8s.io/api …/v1beta1/zz_generated.prerelease-lifecycle.go).
/// </summary>
internal static class LegacyCatalog
{
    private const string Rbac = "rbac.authorization.k8s.io";
    private const string Storage = "storage.k8s.io";
    private const string Networking = "networking.k8s.io";
    private const string Admission = "admissionregistration.k8s.io";

    /// <summary>Legacy versions in the resource's own group.</summary>
    public static IReadOnlyList<LegacyVersion> SameGroup(ResourceDefinition def) => (def.Group, def.Plural) switch
    {
        (Rbac, "roles" or "rolebindings" or "clusterroles" or "clusterrolebindings") => [Same(def, "v1beta1", 17, 22)],
        (Storage, "storageclasses" or "csidrivers" or "volumeattachments") => [Same(def, "v1beta1", 19, 22)],
        (Storage, "csinodes") => [Same(def, "v1beta1", 17, 22)],
        (Storage, "csistoragecapacities") => [Same(def, "v1beta1", 24, 27)],
        (Networking, "ingresses") =>
            [Shaped(def, "v1beta1", new(19, 22, $"{Networking}/v1 Ingress"), IngressV1beta1Shape.Instance) with { Model = typeof(k8s.Models.Networkingv1beta1Ingress) }],
        (Networking, "ingressclasses") => [Same(def, "v1beta1", 19, 22)],
        (Admission, "validatingwebhookconfigurations") =>
            [Same(def, "v1beta1", 16, 22) with { Shape = new SameShape(o => WebhookV1beta1Defaults.Apply(o, mutating: false)) }],
        (Admission, "mutatingwebhookconfigurations") =>
            [Same(def, "v1beta1", 16, 22) with { Shape = new SameShape(o => WebhookV1beta1Defaults.Apply(o, mutating: true)) }],
        ("apiregistration.k8s.io", "apiservices") => [Same(def, "v1beta1", 19, 22)],
        ("apiextensions.k8s.io", "customresourcedefinitions") =>
            [Shaped(def, "v1beta1", new(16, 22, "apiextensions.k8s.io/v1 CustomResourceDefinition"), CustomResourceDefinitionV1beta1Shape.Instance)],
        _ => [],
    };

    /// <summary>Current resources also served in a legacy group: (their group, their plural, the legacy version).</summary>
    public static IEnumerable<(string Group, string Plural, LegacyVersion Legacy)> OtherGroups =>
    [
        ("apps", "deployments", Extensions("apps/v1 Deployment", 8, 16, new SameShape(ExtensionsV1beta1Defaults.Deployment), ModelOf("apps", "Deployment"))),
        ("apps", "daemonsets", Extensions("apps/v1 DaemonSet", 8, 16, new SameShape(ExtensionsV1beta1Defaults.DaemonSet), ModelOf("apps", "DaemonSet"))),
        ("apps", "replicasets", Extensions("apps/v1 ReplicaSet", 8, 16, new SameShape(ExtensionsV1beta1Defaults.ReplicaSet), ModelOf("apps", "ReplicaSet"))),
        (Networking, "ingresses", Extensions($"{Networking}/v1 Ingress", 14, 22, IngressV1beta1Shape.Instance, typeof(k8s.Models.Networkingv1beta1Ingress))),
        (Networking, "networkpolicies", Extensions($"{Networking}/v1 NetworkPolicy", 9, 16, SameShape.Instance, ModelOf(Networking, "NetworkPolicy"))),
    ];

    private static LegacyVersion Extensions(string replacement, int deprecated, int removed, ILegacyShape shape, Type? model) =>
        new("extensions/v1beta1", replacement.Split(' ')[0], new(deprecated, removed, replacement), shape, model);

    private static Type? ModelOf(string group, string kind) =>
        OpenApi.DefinitionNames.FindKind(group, "v1", kind);

    /// <summary>The same fields as the current version, described by the current model.</summary>
    private static LegacyVersion Same(ResourceDefinition def, string version, int deprecated, int removed)
    {
        var current = def.Versions[0];
        return new(def.GroupVersion(version), def.GroupVersion(current),
            new(deprecated, removed, $"{def.GroupVersion(current)} {def.Kind}"), SameShape.Instance, def.ModelTypes.GetValueOrDefault(current));
    }

    private static LegacyVersion Shaped(ResourceDefinition def, string version, ApiLifecycle lifecycle, ILegacyShape shape) =>
        new(def.GroupVersion(version), def.GroupVersion(def.Versions[0]), lifecycle, shape, null);
}
