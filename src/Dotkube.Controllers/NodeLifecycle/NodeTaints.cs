using k8s.Models;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>
/// The taints the node lifecycle controller owns, and which a node should carry given its
/// conditions (upstream's doNoScheduleTaintingPass and doNoExecuteTaintingPass): NoSchedule taints
/// mirror every troubled condition and spec.unschedulable; the NoExecute taint says Ready=False
/// (not-ready) or Ready=Unknown (unreachable).
/// </summary>
public static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";
    public const string OutOfService = "node.kubernetes.io/out-of-service";

    private static readonly string[] NoScheduleKeys = [NotReady, Unreachable, Unschedulable, MemoryPressure, DiskPressure, PidPressure, NetworkUnavailable];

    /// <summary>The keys of the NoSchedule taints the node should carry, from its conditions and spec.</summary>
    public static IReadOnlySet<string> DesiredNoSchedule(V1Node node)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            var key = (condition.Type, condition.Status) switch
            {
                ("Ready", "False") => NotReady,
                ("Ready", "Unknown") => Unreachable,
                ("MemoryPressure", "True") => MemoryPressure,
                ("DiskPressure", "True") => DiskPressure,
                ("PIDPressure", "True") => PidPressure,
                ("NetworkUnavailable", "True") => NetworkUnavailable,
                _ => null,
            };
            if (key is not null)
            {
                keys.Add(key);
            }
        }
        if (node.Spec?.Unschedulable == true)
        {
            keys.Add(Unschedulable);
        }
        return keys;
    }

    /// <summary>
    /// The NoExecute taint key the node should carry: not-ready, unreachable, or none. A node that
    /// has no Ready condition yet (never reported, still inside the startup grace period) gets
    /// none, as upstream taints only on an observed Ready condition.
    /// </summary>
    public static string? DesiredNoExecute(V1Node node) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status switch
        {
            "False" => NotReady,
            "Unknown" => Unreachable,
            _ => null,
        };

    /// <summary>The Ready condition's status; a node without one counts as Unknown.</summary>
    public static string ReadyStatus(V1Node node) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "Unknown";

    /// <summary>
    /// The node's taints with the controller-owned ones made to match <see cref="DesiredNoSchedule"/>
    /// and <see cref="DesiredNoExecute"/>; others (users', other components') are kept in place.
    /// Null when nothing changes. New NoExecute taints get timeAdded = <paramref name="now"/>.
    /// </summary>
    /// <param name="suppressNoExecute">every zone is fully disrupted: no not-ready/unreachable NoExecute taint at all.</param>
    /// <param name="mayTaint">
    /// asked before a NoExecute taint goes on a node that has neither (the zone's rate limit); a
    /// swap between not-ready and unreachable, or a removal, is never limited, as upstream.
    /// </param>
    /// <param name="deferred">true when <paramref name="mayTaint"/> said not yet.</param>
    public static List<V1Taint>? Reconcile(V1Node node, DateTime now, bool suppressNoExecute, Func<bool> mayTaint, out bool deferred)
    {
        var current = node.Spec?.Taints ?? [];
        var noSchedule = DesiredNoSchedule(node);
        var noExecute = suppressNoExecute ? null : DesiredNoExecute(node);
        deferred = false;
        if (noExecute is not null && !current.Any(t => t.Effect == "NoExecute" && t.Key is NotReady or Unreachable) && !mayTaint())
        {
            deferred = true;
            noExecute = null;
        }
        var result = new List<V1Taint>();
        var changed = false;
        foreach (var taint in current)
        {
            var owned = taint.Effect switch
            {
                "NoSchedule" => NoScheduleKeys.Contains(taint.Key) ? noSchedule.Contains(taint.Key) : (bool?)null,
                "NoExecute" => taint.Key is NotReady or Unreachable ? taint.Key == noExecute : null,
                _ => null,
            };
            if (owned == false)
            {
                changed = true;
                continue;
            }
            result.Add(taint);
        }
        foreach (var key in noSchedule.Order(StringComparer.Ordinal))
        {
            if (!result.Any(t => t.Key == key && t.Effect == "NoSchedule"))
            {
                result.Add(new V1Taint { Key = key, Effect = "NoSchedule" });
                changed = true;
            }
        }
        if (noExecute is not null && !result.Any(t => t.Key == noExecute && t.Effect == "NoExecute"))
        {
            result.Add(new V1Taint { Key = noExecute, Effect = "NoExecute", TimeAdded = now });
            changed = true;
        }
        return changed ? result : null;
    }

    /// <summary><see cref="Reconcile(V1Node, DateTime, bool, Func{bool}, out bool)"/> without rate limits.</summary>
    public static List<V1Taint>? Reconcile(V1Node node, DateTime now) => Reconcile(node, now, false, () => true, out _);
}
