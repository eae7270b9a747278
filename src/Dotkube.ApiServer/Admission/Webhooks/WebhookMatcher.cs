using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// Whether a request is in a webhook's (or policy's) scope: rules under the match policy, the
/// namespace selector, the object selector. Match conditions are evaluated by the caller.
/// </summary>
public static class WebhookMatcher
{
    /// <summary>
    /// Resources whose admission must not depend on dynamic admission, or a bad webhook could
    /// lock itself in: webhooks and policies are never called for these.
    /// </summary>
    public static bool IsExempt(AdmissionAttributes a) =>
        a.Resource.Group == "admissionregistration.k8s.io" && a.Resource.Plural is
            "validatingwebhookconfigurations" or "mutatingwebhookconfigurations"
            or "validatingadmissionpolicies" or "validatingadmissionpolicybindings"
            or "mutatingadmissionpolicies" or "mutatingadmissionpolicybindings";

    /// <summary>
    /// Exact matches the version the client used; Equivalent also matches the request when a rule
    /// names another version of the same resource (the object is converted for the webhook).
    /// </summary>
    public static bool MatchesRules(IReadOnlyList<AdmissionRule> rules, string matchPolicy, AdmissionAttributes a, string? requestVersion)
    {
        var def = a.Resource;
        var version = VersionOf(requestVersion) ?? def.Versions[0];
        if (rules.Any(r => r.Matches(a.Operation, def.Group, version, def.Plural, a.Subresource, def.Namespaced, a.Name)))
        {
            return true;
        }
        return matchPolicy == "Equivalent" && def.Versions.Any(v => v != version
            && rules.Any(r => r.Matches(a.Operation, def.Group, v, def.Plural, a.Subresource, def.Namespaced, a.Name)));
    }

    private static string? VersionOf(string? apiVersion) =>
        apiVersion is null ? null : apiVersion[(apiVersion.IndexOf('/') + 1)..];

    /// <summary>
    /// Cluster-scoped objects always match but Namespaces themselves, which match on their own
    /// labels; namespaced ones on their namespace's labels.
    /// </summary>
    public static async ValueTask<bool> MatchesNamespaceAsync(
        LabelSelector selector, AdmissionAttributes a, Func<string, CancellationToken, Task<JsonObject?>> getNamespace, CancellationToken ct)
    {
        if (selector.IsEmpty)
        {
            return true;
        }
        if (a.Resource.Group.Length == 0 && a.Resource.Plural == "namespaces")
        {
            return selector.Matches((a.Object ?? a.OldObject).Obj("metadata").Obj("labels"));
        }
        if (!a.Resource.Namespaced)
        {
            return true;
        }
        var ns = await getNamespace(a.Namespace, ct);
        return selector.Matches(ns.Obj("metadata").Obj("labels"));
    }

    /// <summary>Matches when the new or the old object carries matching labels.</summary>
    public static bool MatchesObject(LabelSelector selector, AdmissionAttributes a)
    {
        if (selector.IsEmpty)
        {
            return true;
        }
        return a.Object is { } obj && selector.Matches(obj.Obj("metadata").Obj("labels"))
            || a.OldObject is { } old && selector.Matches(old.Obj("metadata").Obj("labels"));
    }

    /// <summary>
    /// Evaluates match conditions in order: false as soon as one is false. An evaluation error is
    /// returned (the caller applies the failure policy) unless another condition is false.
    /// </summary>
    public static (bool Matches, string? Error) EvaluateConditions(IReadOnlyList<MatchCondition> conditions, Func<Dictionary<string, object?>> variables)
    {
        if (conditions.Count == 0)
        {
            return (true, null);
        }
        var vars = variables();
        string? error = null;
        foreach (var condition in conditions)
        {
            try
            {
                var result = AdmissionCel.Evaluate(condition.Expression, vars);
                if (result is false)
                {
                    return (false, null);
                }
                if (result is not true)
                {
                    error ??= $"matchCondition '{condition.Name}' must evaluate to bool";
                }
            }
            catch (AdmissionCelException e)
            {
                error ??= $"matchCondition '{condition.Name}' evaluation error: {e.Message}";
            }
        }
        return (error is null, error);
    }
}
