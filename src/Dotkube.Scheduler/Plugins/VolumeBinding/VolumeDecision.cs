using k8s.Models;

namespace Dotkube.Scheduler.Plugins.VolumeBinding;

/// <summary>For one node: which available PV each unbound claim would take, and which claims need provisioning.</summary>
internal sealed record VolumeDecision(
    IReadOnlyList<(V1PersistentVolumeClaim Claim, V1PersistentVolume Volume)> StaticBindings,
    IReadOnlyList<V1PersistentVolumeClaim> ClaimsToProvision)
{
    public bool IsEmpty => StaticBindings.Count == 0 && ClaimsToProvision.Count == 0;
}
