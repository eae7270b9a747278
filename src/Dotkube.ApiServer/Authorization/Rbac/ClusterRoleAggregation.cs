using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// What an aggregated ClusterRole's rules should be: the union, without repeats, of the rules of
/// every other cluster role any of its clusterRoleSelectors matches, taken in name order.
/// </summary>
public static class ClusterRoleAggregation
{
    public static bool IsAggregated(JsonObject role) => role.Obj("aggregationRule") is not null;

    /// <param name="rulesOf">the rules of a matched role (its stored rules, or for tests its effective ones).</param>
    public static IReadOnlyList<PolicyRule> Union(JsonObject role, IEnumerable<JsonObject> all, Func<string, IReadOnlyList<PolicyRule>> rulesOf)
    {
        var selectors = new List<LabelSelector>();
        foreach (var s in role.Obj("aggregationRule").Arr("clusterRoleSelectors").Objects())
        {
            try
            {
                selectors.Add(LabelSelector.FromJson(s));
            }
            catch (FormatException)
            {
                // Validation refuses such selectors on write; a stored one matches nothing.
            }
        }
        var self = ObjectJson.Name(role);
        var union = new List<PolicyRule>();
        foreach (var other in all.OrderBy(ObjectJson.Name, StringComparer.Ordinal))
        {
            var name = ObjectJson.Name(other);
            if (name == self)
            {
                continue;
            }
            var labels = ObjectJson.Labels(other);
            if (!selectors.Any(s => s.Matches(labels)))
            {
                continue;
            }
            foreach (var rule in rulesOf(name))
            {
                if (!union.Contains(rule))
                {
                    union.Add(rule);
                }
            }
        }
        return union;
    }
}
