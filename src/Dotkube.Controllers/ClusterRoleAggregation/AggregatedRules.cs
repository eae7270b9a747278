using System.Text.Json;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.ClusterRoleAggregation;

/// <summary>
/// An aggregated ClusterRole's rules: the union, without repeats, of the rules of every other
/// cluster role one of its clusterRoleSelectors matches, roles taken in name order (upstream's
/// syncClusterRole).
/// </summary>
public static class AggregatedRules
{
    public static bool IsAggregated(V1ClusterRole role) => role.AggregationRule is not null;

    public static List<V1PolicyRule> Union(V1ClusterRole role, IEnumerable<V1ClusterRole> all)
    {
        var selectors = new List<Machinery.Selectors.LabelSelector>();
        foreach (var s in role.AggregationRule?.ClusterRoleSelectors ?? [])
        {
            try
            {
                selectors.Add(Selectors.From(s));
            }
            catch (FormatException)
            {
                // The API refuses such selectors on write; a stored one matches nothing.
            }
        }
        var union = new List<V1PolicyRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in all.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            if (other.Metadata.Name == role.Metadata.Name || !selectors.Any(s => Selectors.Matches(s, other.Metadata)))
            {
                continue;
            }
            foreach (var rule in other.Rules ?? [])
            {
                if (seen.Add(Canonical(rule)))
                {
                    union.Add(rule);
                }
            }
        }
        return union;
    }

    /// <summary>Whether two rule lists are the same, in order (upstream's semantic DeepEqual: nil and empty lists alike).</summary>
    public static bool SameRules(IEnumerable<V1PolicyRule>? a, IEnumerable<V1PolicyRule>? b) =>
        (a ?? []).Select(Canonical).SequenceEqual((b ?? []).Select(Canonical));

    private static string Canonical(V1PolicyRule rule) => JsonSerializer.Serialize(new V1PolicyRule
    {
        ApiGroups = NullIfEmpty(rule.ApiGroups),
        NonResourceURLs = NullIfEmpty(rule.NonResourceURLs),
        ResourceNames = NullIfEmpty(rule.ResourceNames),
        Resources = NullIfEmpty(rule.Resources),
        Verbs = NullIfEmpty(rule.Verbs),
    }, KubeJson.Options);

    private static IList<string>? NullIfEmpty(IList<string>? list) => list is { Count: > 0 } ? list : null;
}
