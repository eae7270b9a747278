using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Resources.AdmissionRegistration;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (with a status subresource) and
/// ValidatingAdmissionPolicyBinding, both cluster-scoped, GA and served by default in 1.32.
/// </summary>
public static class ValidatingAdmissionPolicyResources
{
    public static ResourceDefinition Policies { get; } = new()
    {
        Group = WebhookConfigurationResources.Group,
        Versions = ["v1"],
        Kind = "ValidatingAdmissionPolicy",
        Plural = "validatingadmissionpolicies",
        Singular = "validatingadmissionpolicy",
        Namespaced = false,
        Categories = ["api-extensions"],
        Subresources = ["status"],
        StoragePrefix = "/registry/validatingadmissionpolicies",
        Strategy = new ValidatingAdmissionPolicyStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ValidatingAdmissionPolicy) },
    };

    public static ResourceDefinition Bindings { get; } = new()
    {
        Group = WebhookConfigurationResources.Group,
        Versions = ["v1"],
        Kind = "ValidatingAdmissionPolicyBinding",
        Plural = "validatingadmissionpolicybindings",
        Singular = "validatingadmissionpolicybinding",
        Namespaced = false,
        Categories = ["api-extensions"],
        StoragePrefix = "/registry/validatingadmissionpolicybindings",
        Strategy = new ValidatingAdmissionPolicyBindingStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ValidatingAdmissionPolicyBinding) },
    };
}
