using k8s.Models;

namespace Dotkube.Controllers.ReplicationController;

/// <summary>
/// ReplicationController ⇄ ReplicaSet, as upstream's replication manager converts them to run the
/// ReplicaSet controller: the map selector becomes matchLabels, everything else carries over field
/// by field. The metadata and template are shared, not copied: cached objects are read-only and
/// the reconciler copies before it changes anything.
/// </summary>
public static class ReplicationControllerConversion
{
    public static V1ReplicaSet ToReplicaSet(V1ReplicationController rc) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = rc.Metadata,
        Spec = new V1ReplicaSetSpec
        {
            Replicas = rc.Spec?.Replicas,
            MinReadySeconds = rc.Spec?.MinReadySeconds,
            // A missing selector stays missing, so it selects nothing (validation requires one anyway).
            Selector = rc.Spec?.Selector is { } selector ? new V1LabelSelector { MatchLabels = new Dictionary<string, string>(selector) } : null,
            Template = rc.Spec?.Template,
        },
        Status = rc.Status is { } status ? ToReplicaSetStatus(status) : null,
    };

    public static V1ReplicationController ToReplicationController(V1ReplicaSet rs) => new()
    {
        ApiVersion = "v1",
        Kind = "ReplicationController",
        Metadata = rs.Metadata,
        Spec = new V1ReplicationControllerSpec
        {
            Replicas = rs.Spec?.Replicas,
            MinReadySeconds = rs.Spec?.MinReadySeconds,
            Selector = rs.Spec?.Selector?.MatchLabels is { } labels ? new Dictionary<string, string>(labels) : null,
            Template = rs.Spec?.Template,
        },
        Status = rs.Status is { } status ? ToReplicationControllerStatus(status) : null,
    };

    public static V1ReplicaSetStatus ToReplicaSetStatus(V1ReplicationControllerStatus status) => new()
    {
        Replicas = status.Replicas,
        FullyLabeledReplicas = status.FullyLabeledReplicas,
        ReadyReplicas = status.ReadyReplicas,
        AvailableReplicas = status.AvailableReplicas,
        ObservedGeneration = status.ObservedGeneration,
        Conditions = status.Conditions?.Select(c => new V1ReplicaSetCondition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = c.LastTransitionTime,
        }).ToList(),
    };

    public static V1ReplicationControllerStatus ToReplicationControllerStatus(V1ReplicaSetStatus status) => new()
    {
        Replicas = status.Replicas,
        FullyLabeledReplicas = status.FullyLabeledReplicas,
        ReadyReplicas = status.ReadyReplicas,
        AvailableReplicas = status.AvailableReplicas,
        ObservedGeneration = status.ObservedGeneration,
        Conditions = status.Conditions?.Select(c => new V1ReplicationControllerCondition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = c.LastTransitionTime,
        }).ToList(),
    };
}
