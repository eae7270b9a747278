using Dotkube.Client.Cache;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// The desired replicas of a pod's controller (upstream's finders): a ReplicaSet's pods count
/// towards the Deployment owning it, if any; ReplicationControllers and StatefulSets count their own.
/// The controller must still be the one the pod's reference names (same UID).
/// </summary>
public sealed class ScaleFinder(
    IObjectCache<V1ReplicaSet> replicaSets,
    IObjectCache<V1Deployment> deployments,
    IObjectCache<V1StatefulSet> statefulSets,
    IObjectCache<V1ReplicationController> replicationControllers)
{
    public ControllerScale? Find(V1Pod pod, V1OwnerReference owner)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var group = owner.ApiVersion.Contains('/', StringComparison.Ordinal) ? owner.ApiVersion[..owner.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        switch (owner.Kind, group)
        {
            case ("ReplicaSet", "apps" or "extensions"):
                var rs = replicaSets.Get(ns, owner.Name);
                if (rs is null || rs.Metadata.Uid != owner.Uid)
                {
                    return null;
                }
                if (OwnerRefs.ControllerOf(rs.Metadata) is { Kind: "Deployment" } dRef)
                {
                    var d = deployments.Get(ns, dRef.Name);
                    return d is not null && d.Metadata.Uid == dRef.Uid ? new ControllerScale(d.Metadata.Uid, d.Spec?.Replicas ?? 1) : null;
                }
                return new ControllerScale(rs.Metadata.Uid, rs.Spec?.Replicas ?? 1);
            case ("ReplicationController", ""):
                var rc = replicationControllers.Get(ns, owner.Name);
                return rc is not null && rc.Metadata.Uid == owner.Uid ? new ControllerScale(rc.Metadata.Uid, rc.Spec?.Replicas ?? 1) : null;
            case ("StatefulSet", "apps"):
                var ss = statefulSets.Get(ns, owner.Name);
                return ss is not null && ss.Metadata.Uid == owner.Uid ? new ControllerScale(ss.Metadata.Uid, ss.Spec?.Replicas ?? 1) : null;
            default:
                return null;
        }
    }
}
