namespace Dotkube.Storage.Etcd;

/// <summary>etcd ended a watch for a reason other than compaction (the watcher must re-list).</summary>
public sealed class EtcdWatchCanceledException(string prefix, string reason)
    : StorageException($"etcd canceled the watch on {prefix}: {reason}")
{
    public string Prefix { get; } = prefix;
}
