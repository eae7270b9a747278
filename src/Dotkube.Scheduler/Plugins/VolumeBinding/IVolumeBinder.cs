using k8s.Models;

namespace Dotkube.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// Carries out VolumeBinding's decisions through the API before the pod is bound (PreBind): bind each
/// static pair (set the PV's claimRef to the claim), ask for provisioning of the rest (set the
/// annotation volume.kubernetes.io/selected-node=nodeName on the claim), then wait until every claim
/// is Bound. A failure (or timeout) fails the binding cycle and the pod is retried.
/// </summary>
public interface IVolumeBinder
{
    Task BindVolumesAsync(
        V1Pod pod,
        string nodeName,
        IReadOnlyList<(V1PersistentVolumeClaim Claim, V1PersistentVolume Volume)> staticBindings,
        IReadOnlyList<V1PersistentVolumeClaim> claimsToProvision,
        CancellationToken cancellationToken);
}
