using k8s.Models;

namespace Dotkube.Controllers.Deployment;

/// <summary>maxSurge and maxUnavailable as counts (upstream's ResolveFenceposts and friends).</summary>
public static class RollingUpdateMath
{
    /// <summary>
    /// (maxSurge, maxUnavailable) for <paramref name="replicas"/>: percentages round surge up and
    /// unavailable down; both zero would stall a rollout, so unavailable becomes 1 then.
    /// </summary>
    public static (int Surge, int Unavailable) Resolve(IntOrString? maxSurge, IntOrString? maxUnavailable, int replicas)
    {
        var surge = Scaled(maxSurge ?? (IntOrString)"25%", replicas, roundUp: true);
        var unavailable = Scaled(maxUnavailable ?? (IntOrString)"25%", replicas, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }
        return (surge, unavailable);
    }

    public static (int Surge, int Unavailable) Resolve(V1Deployment d)
    {
        var replicas = d.Spec.Replicas ?? 1;
        if (d.Spec.Strategy?.Type == "Recreate")
        {
            return (0, 0);
        }
        return Resolve(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, replicas);
    }

    /// <summary>maxUnavailable alone, capped at replicas (upstream's MaxUnavailable), 0 for Recreate.</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        var replicas = d.Spec.Replicas ?? 1;
        if (d.Spec.Strategy?.Type == "Recreate" || replicas == 0)
        {
            return 0;
        }
        return Math.Min(Resolve(d).Unavailable, replicas);
    }

    public static int MaxSurge(V1Deployment d) => d.Spec.Strategy?.Type == "Recreate" ? 0 : Resolve(d).Surge;

    public static int Scaled(IntOrString value, int total, bool roundUp)
    {
        var text = value.Value ?? "0";
        if (text.EndsWith('%'))
        {
            var percent = int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
            var exact = percent * (long)total;
            return (int)(roundUp ? (exact + 99) / 100 : exact / 100);
        }
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
