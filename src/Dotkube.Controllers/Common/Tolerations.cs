using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>Which tolerations tolerate which taints (upstream's Toleration.ToleratesTaint).</summary>
public static class Tolerations
{
    /// <summary>
    /// An empty effect matches every effect; an empty key with operator Exists matches every key;
    /// Exists ignores the value, Equal (the default) compares it.
    /// </summary>
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
            "Exists" => true,
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    /// <summary>
    /// Whether every taint is tolerated, and the tolerations that tolerate at least one of them
    /// (upstream's GetMatchingTolerations).
    /// </summary>
    public static (bool AllTolerated, IReadOnlyList<V1Toleration> Used) Matching(IEnumerable<V1Taint> taints, IList<V1Toleration>? tolerations)
    {
        var used = new List<V1Toleration>();
        foreach (var taint in taints)
        {
            var matched = false;
            foreach (var toleration in tolerations ?? [])
            {
                if (Tolerates(toleration, taint))
                {
                    matched = true;
                    if (!used.Contains(toleration))
                    {
                        used.Add(toleration);
                    }
                }
            }
            if (!matched)
            {
                return (false, []);
            }
        }
        return (true, used);
    }
}
