namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// Whether one set of rules grants everything another does (upstream's validation.Covers), the
/// basis of escalation prevention: a user may only grant what they hold. The servant rules are
/// broken into simple rules (one verb, group, resource and name, or one verb and URL) and each must
/// be covered by some owner rule.
/// </summary>
public static class RuleCoverage
{
    /// <returns>the simple rules the owner lacks; empty when covered.</returns>
    public static IReadOnlyList<PolicyRule> Missing(IReadOnlyList<PolicyRule> owner, IReadOnlyList<PolicyRule> servant)
    {
        var missing = new List<PolicyRule>();
        foreach (var rule in servant)
        {
            foreach (var simple in BreakDown(rule))
            {
                if (!owner.Any(o => Covers(o, simple)))
                {
                    missing.Add(simple);
                }
            }
        }
        return missing;
    }

    public static IEnumerable<PolicyRule> BreakDown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count == 0)
                    {
                        yield return PolicyRule.Resource([verb], [group], [resource]);
                    }
                    else
                    {
                        foreach (var name in rule.ResourceNames)
                        {
                            yield return PolicyRule.Resource([verb], [group], [resource], [name]);
                        }
                    }
                }
            }
        }
        foreach (var url in rule.NonResourceURLs)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return PolicyRule.NonResource([verb], [url]);
            }
        }
    }

    /// <summary>Whether <paramref name="owner"/> grants all of the simple rule <paramref name="simple"/>.</summary>
    public static bool Covers(PolicyRule owner, PolicyRule simple)
    {
        if (!simple.Verbs.All(v => owner.Verbs.Contains(PolicyRule.All) || owner.Verbs.Contains(v)))
        {
            return false;
        }
        if (simple.NonResourceURLs.Count > 0)
        {
            return simple.NonResourceURLs.All(u => owner.NonResourceURLs.Any(o => UrlCovers(o, u)));
        }
        return simple.ApiGroups.All(g => owner.ApiGroups.Contains(PolicyRule.All) || owner.ApiGroups.Contains(g))
            && simple.Resources.All(r => ResourceCovers(owner.Resources, r))
            && (owner.ResourceNames.Count == 0 || (simple.ResourceNames.Count > 0 && simple.ResourceNames.All(owner.ResourceNames.Contains)));
    }

    private static bool UrlCovers(string owner, string url) =>
        owner == PolicyRule.All || owner == url || (owner.EndsWith('*') && url.StartsWith(owner[..^1], StringComparison.Ordinal));

    private static bool ResourceCovers(IReadOnlyList<string> owner, string resource)
    {
        if (owner.Contains(PolicyRule.All) || owner.Contains(resource))
        {
            return true;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 && owner.Contains("*" + resource[slash..]);
    }

    /// <summary>
    /// Upstream's CompactRules for the error message: simple resource rules that differ only in
    /// verb are merged (one rule per group, resource and name set), others are kept as they are.
    /// </summary>
    public static IReadOnlyList<PolicyRule> Compact(IReadOnlyList<PolicyRule> rules)
    {
        var result = new List<PolicyRule>();
        var merged = new Dictionary<(string Group, string Resource, string Names), List<string>>();
        var order = new List<(string, string, string)>();
        foreach (var r in rules)
        {
            if (r.ApiGroups.Count == 1 && r.Resources.Count == 1 && r.NonResourceURLs.Count == 0 && r.ResourceNames.Count <= 1)
            {
                var key = (r.ApiGroups[0], r.Resources[0], r.ResourceNames.Count == 1 ? r.ResourceNames[0] : "");
                if (!merged.TryGetValue(key, out var verbs))
                {
                    merged[key] = verbs = [];
                    order.Add(key);
                }
                foreach (var v in r.Verbs.Where(v => !verbs.Contains(v)))
                {
                    verbs.Add(v);
                }
            }
            else
            {
                result.Add(r);
            }
        }
        result.InsertRange(0, order.Select(k => PolicyRule.Resource(merged[k], [k.Item1], [k.Item2], k.Item3.Length == 0 ? [] : [k.Item3])));
        return result;
    }
}
