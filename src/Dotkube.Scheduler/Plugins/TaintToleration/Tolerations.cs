using k8s.Models;

namespace Dotkube.Scheduler.Plugins.TaintToleration;

/// <summary>Whether tolerations tolerate a taint: an empty effect tolerates every effect, an empty key with Exists every key.</summary>
public static class Tolerations
{
    public static bool Tolerates(IList<V1Toleration>? tolerations, V1Taint taint)
    {
        if (tolerations is null)
        {
            return false;
        }

        foreach (var t in tolerations)
        {
            if (Tolerates(t, taint))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Tolerates(V1Toleration t, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(t.Effect) && t.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(t.Key) && t.Key != taint.Key)
        {
            return false;
        }

        return t.OperatorProperty switch
        {
            "Exists" => true,
            "Equal" or "" or null => (t.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
