using System.Globalization;
using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// Node selector terms (node affinity, PV node affinity): the terms are ORed, the requirements in a
/// term ANDed; a term with no requirements matches nothing, as upstream.
/// </summary>
public static class NodeSelectorMatcher
{
    public static bool Matches(V1NodeSelector? selector, V1Node node)
    {
        if (selector?.NodeSelectorTerms is not { Count: > 0 } terms)
        {
            return false;
        }

        foreach (var term in terms)
        {
            if (TermMatches(term, node))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TermMatches(V1NodeSelectorTerm term, V1Node node)
    {
        var expressions = term.MatchExpressions;
        var fields = term.MatchFields;
        if ((expressions is null || expressions.Count == 0) && (fields is null || fields.Count == 0))
        {
            return false;
        }

        var labels = node.Metadata?.Labels;
        if (expressions is not null)
        {
            foreach (var r in expressions)
            {
                string? value = null;
                var has = labels is not null && labels.TryGetValue(r.Key, out value);
                if (!RequirementMatches(r, has, value))
                {
                    return false;
                }
            }
        }

        if (fields is not null)
        {
            foreach (var r in fields)
            {
                // Only metadata.name is a supported node field.
                var has = r.Key == "metadata.name";
                if (!RequirementMatches(r, has, has ? node.Metadata?.Name : null))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool RequirementMatches(V1NodeSelectorRequirement r, bool has, string? value)
    {
        var values = r.Values;
        switch (r.OperatorProperty)
        {
            case "In":
                return has && values is not null && values.Contains(value!);
            case "NotIn":
                return !has || values is null || !values.Contains(value!);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            case "Gt":
            case "Lt":
                if (!has || values is not { Count: 1 }
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }

                return r.OperatorProperty == "Gt" ? actual > bound : actual < bound;
            default:
                return false;
        }
    }
}
