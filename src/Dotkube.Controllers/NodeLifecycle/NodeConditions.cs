using k8s.Models;

namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>What the controller writes for a node whose kubelet went silent (upstream's tryUpdateNodeHealth).</summary>
public static class NodeConditions
{
    public static readonly string[] Types = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    public const string UnknownReason = "NodeStatusUnknown";
    public const string UnknownMessage = "Kubelet stopped posting node status.";
    public const string NeverUpdatedReason = "NodeStatusNeverUpdated";
    public const string NeverUpdatedMessage = "Kubelet never posted node status.";

    /// <summary>
    /// Sets Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown (adding those the kubelet
    /// never posted); the heartbeat stays the node's last, the transition time is now. Returns
    /// whether anything changed.
    /// </summary>
    public static bool MarkUnknown(V1Node node, DateTime now)
    {
        node.Status ??= new V1NodeStatus();
        node.Status.Conditions ??= [];
        var changed = false;
        foreach (var type in Types)
        {
            var condition = node.Status.Conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                node.Status.Conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = NeverUpdatedReason,
                    Message = NeverUpdatedMessage,
                    LastHeartbeatTime = node.Metadata.CreationTimestamp,
                    LastTransitionTime = now,
                });
                changed = true;
            }
            else if (condition.Status != "Unknown")
            {
                condition.Status = "Unknown";
                condition.Reason = UnknownReason;
                condition.Message = UnknownMessage;
                condition.LastTransitionTime = now;
                changed = true;
            }
        }
        return changed;
    }
}
