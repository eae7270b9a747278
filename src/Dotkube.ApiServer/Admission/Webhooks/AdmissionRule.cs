using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// One RuleWithOperations of a webhook (or a policy's matchConstraints.resourceRules): which
/// operations on which group/version/resource[/subresource] in which scope it covers.
/// Resources: <c>*</c> is every resource but no subresource, <c>*/*</c> everything,
/// <c>pods/*</c> pods and every subresource of pods, <c>*/scale</c> the scale subresource of anything.
/// </summary>
public sealed record AdmissionRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    string Scope,
    IReadOnlyList<string> ResourceNames)
{
    public static AdmissionRule FromJson(JsonObject rule) => new(
        [.. rule.Arr("operations").Strings()],
        [.. rule.Arr("apiGroups").Strings()],
        [.. rule.Arr("apiVersions").Strings()],
        [.. rule.Arr("resources").Strings()],
        rule.Str("scope") ?? "*",
        [.. rule.Arr("resourceNames").Strings()]);

    public bool Matches(string operation, string group, string version, string resource, string subresource, bool namespaced, string name = "") =>
        MatchesOperation(operation)
        && Covers(ApiGroups, group)
        && Covers(ApiVersions, version)
        && MatchesResource(resource, subresource)
        && MatchesScope(namespaced)
        && (ResourceNames.Count == 0 || ResourceNames.Contains(name));

    private bool MatchesOperation(string operation) => Operations.Any(o => o == "*" || o == operation);

    private static bool Covers(IReadOnlyList<string> values, string value) => values.Any(v => v == "*" || v == value);

    /// <summary>A pattern without a slash has subresource ""; "*" on either side matches anything there.</summary>
    private bool MatchesResource(string resource, string subresource)
    {
        foreach (var pattern in Resources)
        {
            var slash = pattern.IndexOf('/');
            var (res, sub) = slash < 0 ? (pattern, "") : (pattern[..slash], pattern[(slash + 1)..]);
            if ((res == "*" || res == resource) && (sub == "*" || sub == subresource))
            {
                return true;
            }
        }
        return false;
    }

    private bool MatchesScope(bool namespaced) => Scope switch
    {
        "Cluster" => !namespaced,
        "Namespaced" => namespaced,
        _ => true,
    };
}
