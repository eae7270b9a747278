using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Resources.AdmissionRegistration;

/// <summary>
/// admissionregistration.k8s.io/v1 validating and mutating webhook configurations: stored and
/// validated here; calling the webhooks is the admission issue's.
/// </summary>
public static class WebhookConfigurationResources
{
    public const string Group = "admissionregistration.k8s.io";

    public static ResourceDefinition Validating { get; } = Define(
        "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", mutating: false, typeof(k8s.Models.V1ValidatingWebhookConfiguration));

    public static ResourceDefinition Mutating { get; } = Define(
        "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", mutating: true, typeof(k8s.Models.V1MutatingWebhookConfiguration));

    private static ResourceDefinition Define(string kind, string plural, bool mutating, Type model) => new()
    {
        Group = Group,
        Versions = ["v1"],
        Kind = kind,
        Plural = plural,
        Singular = plural[..^1],
        Namespaced = false,
        Categories = ["api-extensions"],
        StoragePrefix = "/registry/" + plural,
        Strategy = new WebhookConfigurationStrategy(mutating),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = model },
    };
}
