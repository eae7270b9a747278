namespace Dotkube.Scheduler.Framework;

/// <summary>Why a pod fit no node: each node's rejecting status, and which plugins rejected it.</summary>
public sealed class Diagnosis
{
    public Dictionary<string, Status> NodeStatuses { get; } = new(StringComparer.Ordinal);

    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when a PreFilter plugin rejected the pod for every node.</summary>
    public string? PreFilterMessage { get; set; }

    public string? PostFilterMessage { get; set; }
}
