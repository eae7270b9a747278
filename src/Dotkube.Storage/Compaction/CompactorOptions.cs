namespace Dotkube.Storage.Compaction;

/// <summary>How much history <see cref="StoreCompactor"/> keeps.</summary>
/// <param name="Interval">time between compactions.</param>
/// <param name="RetainRevisions">the newest revisions always kept, however old.</param>
/// <param name="RetainDuration">
/// history written within this long is always kept. Five minutes matches what kube-apiserver's own
/// compaction of etcd leaves, so clients resuming a watch from a recent resourceVersion behave the same.
/// </param>
/// <remarks>History is compacted only once it is outside both windows.</remarks>
public sealed record CompactorOptions(TimeSpan Interval, long RetainRevisions, TimeSpan RetainDuration)
{
    public static CompactorOptions Default { get; } = new(TimeSpan.FromMinutes(1), 10_000, TimeSpan.FromMinutes(5));
}
