namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>A zone's health as the node lifecycle controller classifies it (upstream's ZoneState).</summary>
public enum ZoneState
{
    /// <summary>Seen for the first time; tainting runs at the normal rate.</summary>
    Initial,

    /// <summary>Fewer unready nodes than the threshold: taint at --node-eviction-rate.</summary>
    Normal,

    /// <summary>
    /// More than two nodes and at least --unhealthy-zone-threshold of them not Ready: taint at
    /// --secondary-node-eviction-rate in a zone larger than --large-cluster-size-threshold, not at
    /// all in a smaller one.
    /// </summary>
    PartialDisruption,

    /// <summary>
    /// No Ready node at all: taint at the normal rate, unless every zone is so — then the
    /// controller assumes it is itself cut off, removes the NoExecute taints and stops tainting.
    /// </summary>
    FullDisruption,
}
