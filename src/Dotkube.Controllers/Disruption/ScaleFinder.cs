using Dotkube.Client.Cache;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// The desired replicas of a pod's controller (upstream's finders): a ReplicaSet's pods count
/// towards the Deployment owning it, if any; ReplicationControllers and StatefulSets count their own.
/// The controller must still be the one the pod's reference names (same UID). Any other owner is
/// asked for its <c>/scale</c> subresource (<see cref="ScaleClient"/>), as upstream's last finder does.
/// </summary>
public sealed class ScaleFinder(
    IObjectCache<V1ReplicaSet> replicaSets,
    IObjectCache<V1Deployment> deployments,
    IObjectCache<V1StatefulSet> statefulSets,
    IObjectCache<V1ReplicationController> replicationControllers,
    ScaleClient? scales = null)
{
    /// <summary>
    /// The scale of each distinct controller of <paramref name="pods"/> (by owner uid): from the
    /// caches for the built-in controllers, else from the owner's scale subresource.
    /// </summary>
    /// <exception cref="InvalidOperationException">an owner's kind is unknown or has no scale subresource.</exception>
    public async Task<IReadOnlyDictionary<string, ControllerScale?>> FindAllAsync(IEnumerable<V1Pod> pods, CancellationToken ct)
    {
        var found = new Dictionary<string, ControllerScale?>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (Common.OwnerRefs.ControllerOf(pod.Metadata) is not { } owner || found.ContainsKey(owner.Uid))
            {
                continue;
            }

            found[owner.Uid] = IsBuiltIn(owner) || scales is null
                ? Find(pod, owner)
                : await scales.GetAsync(pod.Metadata.NamespaceProperty ?? "", owner, ct);
        }

        return found;
    }

    private static bool IsBuiltIn(V1OwnerReference owner) =>
        (owner.Kind, ScaleClient.SplitApiVersion(owner.ApiVersion).Group) is ("ReplicaSet", "apps" or "extensions") or ("ReplicationController", "") or ("StatefulSet", "apps");

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
