using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Resources.ApiExtensions;

/// <summary>
/// apiextensions.k8s.io/v1 CustomResourceDefinitions: stored, defaulted and validated. Serving the
/// custom resources they define, and their Established/NamesAccepted conditions, are the CRD
/// issue's.
/// </summary>
public static class CustomResourceDefinitionResource
{
    public const string Group = "apiextensions.k8s.io";

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = Group,
        Versions = ["v1"],
        Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition",
        Namespaced = false,
        ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"],
        Subresources = ["status"],
        StoragePrefix = "/registry/apiextensions.k8s.io/customresourcedefinitions",
        Strategy = new CustomResourceDefinitionStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CustomResourceDefinition) },
    };
}
