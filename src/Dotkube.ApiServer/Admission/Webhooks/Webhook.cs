using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>A named CEL condition that must hold for a webhook (or policy) to be called.</summary>
public sealed record MatchCondition(string Name, string Expression);

/// <summary>
/// One webhook of a Validating- or MutatingWebhookConfiguration, read once from the stored
/// (defaulted) object. The configuration's name orders webhooks across configurations.
/// </summary>
public sealed class Webhook
{
    public required string ConfigurationName { get; init; }
    public required string Name { get; init; }
    public required bool Mutating { get; init; }
    public required IReadOnlyList<AdmissionRule> Rules { get; init; }
    public required LabelSelector NamespaceSelector { get; init; }
    public required LabelSelector ObjectSelector { get; init; }
    public required string MatchPolicy { get; init; }
    public required string FailurePolicy { get; init; }
    public required string SideEffects { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required string ReinvocationPolicy { get; init; }
    public required IReadOnlyList<string> AdmissionReviewVersions { get; init; }
    public required IReadOnlyList<MatchCondition> MatchConditions { get; init; }
    public required JsonObject ClientConfig { get; init; }

    public bool IgnoresFailures => FailurePolicy == "Ignore";

    /// <summary>Side effects that a dry-run request must not trigger: the webhook cannot be called then.</summary>
    public bool UnsafeOnDryRun => SideEffects is "Unknown" or "Some" or "";

    /// <summary>The AdmissionReview version to send: the first of the webhook's list this server speaks.</summary>
    public string? ReviewVersion => AdmissionReviewVersions.FirstOrDefault(v => v is "v1" or "v1beta1");

    public static IEnumerable<Webhook> FromConfiguration(JsonObject configuration, bool mutating)
    {
        var configName = configuration.Name();
        foreach (var w in configuration.Arr("webhooks").Objects())
        {
            yield return new Webhook
            {
                ConfigurationName = configName,
                Name = w.StrOrEmpty("name"),
                Mutating = mutating,
                Rules = [.. w.Arr("rules").Objects().Select(AdmissionRule.FromJson)],
                NamespaceSelector = Selector(w.Obj("namespaceSelector")),
                ObjectSelector = Selector(w.Obj("objectSelector")),
                MatchPolicy = w.Str("matchPolicy") ?? "Equivalent",
                FailurePolicy = w.Str("failurePolicy") ?? "Fail",
                SideEffects = w.StrOrEmpty("sideEffects"),
                TimeoutSeconds = (int)(w.Int("timeoutSeconds") ?? 10),
                ReinvocationPolicy = w.Str("reinvocationPolicy") ?? "Never",
                AdmissionReviewVersions = [.. w.Arr("admissionReviewVersions").Strings()],
                MatchConditions = [.. w.Arr("matchConditions").Objects().Select(c => new MatchCondition(c.StrOrEmpty("name"), c.StrOrEmpty("expression")))],
                ClientConfig = (JsonObject?)w.Obj("clientConfig")?.DeepClone() ?? [],
            };
        }
    }

    /// <summary>
    /// An absent selector (defaulting makes it {}) selects everything; a stored one that no longer
    /// parses selects nothing rather than everything.
    /// </summary>
    internal static LabelSelector Selector(JsonObject? selector)
    {
        if (selector is null)
        {
            return LabelSelector.Everything;
        }
        try
        {
            return LabelSelector.FromJson(selector);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return LabelSelector.Nothing;
        }
    }
}
