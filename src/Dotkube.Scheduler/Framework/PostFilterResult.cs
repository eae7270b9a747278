namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A PostFilter outcome: on success, the node the pod is nominated to and the pods to evict there
/// (the scheduler evicts them after the cycle, outside its lock).
/// </summary>
public sealed record PostFilterResult(Status Status, string? NominatedNodeName = null, IReadOnlyList<PodInfo>? Victims = null);
