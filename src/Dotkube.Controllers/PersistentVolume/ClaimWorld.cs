using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>What claim decisions read: the cached volumes, classes and pods.</summary>
public sealed record ClaimWorld(
    IReadOnlyCollection<V1PersistentVolume> Volumes,
    Func<string, V1PersistentVolume?> GetVolume,
    Func<string, V1StorageClass?> GetClass,
    Func<V1StorageClass?> DefaultClass,
    Func<V1PersistentVolumeClaim, IReadOnlyList<string>> UnscheduledPodsUsing);
