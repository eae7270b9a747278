using System.Collections.Concurrent;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.VolumeBinding;

internal sealed class VolumeBindingState
{
    public List<V1PersistentVolumeClaim> BoundClaims { get; } = [];

    /// <summary>Unbound claims whose class waits for the first consumer.</summary>
    public List<V1PersistentVolumeClaim> DelayedClaims { get; } = [];

    /// <summary>Filter's decision per node (Filter runs concurrently).</summary>
    public ConcurrentDictionary<string, VolumeDecision> Decisions { get; } = new(StringComparer.Ordinal);

    /// <summary>The decision Reserve took for the chosen node.</summary>
    public VolumeDecision? Reserved { get; set; }
}
