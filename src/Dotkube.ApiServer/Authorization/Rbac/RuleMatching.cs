namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// Whether a rule allows a request, by upstream's RBAC semantics: "*" matches any verb, group or
/// resource; a rule resource "pods/log" matches that subresource only and "*/scale" any resource's
/// scale; empty resourceNames mean every name; a nonResourceURL ending in "*" is a prefix.
/// </summary>
public static class RuleMatching
{
    public static bool Allows(PolicyRule rule, AuthorizationAttributes a)
    {
        if (!VerbMatches(rule, a.Verb))
        {
            return false;
        }
        if (!a.IsResourceRequest)
        {
            return NonResourceUrlMatches(rule, a.Path);
        }
        var sub = SubresourceOf(a);
        var combined = sub.Length == 0 ? a.Resource : a.Resource + "/" + sub;
        return GroupMatches(rule, a.ApiGroup) && ResourceMatches(rule, combined, sub) && NameMatches(rule, a.Name);
    }

    /// <summary>The first path segment of a subresource ("proxy/some/path" authorizes as "proxy").</summary>
    public static string SubresourceOf(AuthorizationAttributes a)
    {
        var slash = a.Subresource.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? a.Subresource : a.Subresource[..slash];
    }

    public static bool VerbMatches(PolicyRule rule, string verb) => Contains(rule.Verbs, PolicyRule.All) || Contains(rule.Verbs, verb);

    public static bool GroupMatches(PolicyRule rule, string group) => Contains(rule.ApiGroups, PolicyRule.All) || Contains(rule.ApiGroups, group);

    public static bool ResourceMatches(PolicyRule rule, string combined, string subresource)
    {
        foreach (var r in rule.Resources)
        {
            if (r == PolicyRule.All || r == combined)
            {
                return true;
            }
            // "*/scale" matches the scale subresource of any resource.
            if (subresource.Length > 0 && r.Length == subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public static bool NameMatches(PolicyRule rule, string name) => rule.ResourceNames.Count == 0 || Contains(rule.ResourceNames, name);

    public static bool NonResourceUrlMatches(PolicyRule rule, string path)
    {
        foreach (var u in rule.NonResourceURLs)
        {
            if (u == PolicyRule.All || u == path)
            {
                return true;
            }
            if (u.EndsWith('*') && path.StartsWith(u.AsSpan(0, u.Length - 1), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }
        return false;
    }
}
