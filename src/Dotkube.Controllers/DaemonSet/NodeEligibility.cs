using System.Globalization;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>
/// Whether a node should run a daemon pod (upstream's NodeShouldRunDaemonPod): the template's
/// nodeName (if any), nodeSelector and required node affinity must match the node, and the pod —
/// with the tolerations every daemon pod gets — must tolerate the node's NoSchedule and NoExecute
/// taints. A pod already there may keep running while it tolerates every NoExecute taint.
/// </summary>
public static class NodeEligibility
{
    public static (bool ShouldRun, bool ShouldContinueRunning) ShouldRun(V1Node node, V1DaemonSet ds)
    {
        var spec = ds.Spec.Template?.Spec;
        var name = node.Metadata.Name;
        if (!string.IsNullOrEmpty(spec?.NodeName) && spec.NodeName != name)
        {
            return (false, false);
        }
        if (!SelectorMatches(spec?.NodeSelector, node) || !AffinityMatches(spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, node))
        {
            return (false, false);
        }
        var tolerations = DaemonPods.WithDaemonTolerations(spec?.Tolerations, spec?.HostNetwork == true);
        var taints = node.Spec?.Taints ?? [];
        var untolerated = taints.Where(t => t.Effect is "NoSchedule" or "NoExecute" && !tolerations.Any(tol => Tolerates(tol, t))).ToList();
        if (untolerated.Count == 0)
        {
            return (true, true);
        }
        return (false, !untolerated.Any(t => t.Effect == "NoExecute"));
    }

    public static bool SelectorMatches(IDictionary<string, string>? selector, V1Node node) =>
        selector is null || selector.All(kv => node.Metadata.Labels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value);

    /// <summary>Required node affinity: no selector matches everything; terms are ORed, a term's requirements ANDed, an empty term matches nothing.</summary>
    public static bool AffinityMatches(V1NodeSelector? selector, V1Node node)
    {
        if (selector is null)
        {
            return true;
        }
        return selector.NodeSelectorTerms?.Any(term => TermMatches(term, node)) == true;
    }

    private static bool TermMatches(V1NodeSelectorTerm term, V1Node node)
    {
        if ((term.MatchExpressions?.Count ?? 0) == 0 && (term.MatchFields?.Count ?? 0) == 0)
        {
            return false;
        }
        var labels = node.Metadata.Labels;
        foreach (var r in term.MatchExpressions ?? [])
        {
            string? value = null;
            var has = labels?.TryGetValue(r.Key, out value) == true;
            if (!RequirementMatches(r, has, value))
            {
                return false;
            }
        }
        foreach (var r in term.MatchFields ?? [])
        {
            // metadata.name is the only node field selectors may use.
            var has = r.Key == "metadata.name";
            if (!RequirementMatches(r, has, has ? node.Metadata.Name : null))
            {
                return false;
            }
        }
        return true;
    }

    private static bool RequirementMatches(V1NodeSelectorRequirement r, bool has, string? value)
    {
        var values = r.Values ?? [];
        switch (r.OperatorProperty)
        {
            case "In":
                return has && values.Contains(value!);
            case "NotIn":
                return !has || !values.Contains(value!);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            case "Gt":
            case "Lt":
                if (!has || values.Count != 1
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

    /// <summary>Upstream's ToleratesTaint: effect (empty matches all), key (empty with Exists matches all), then the operator.</summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }
        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }
}
