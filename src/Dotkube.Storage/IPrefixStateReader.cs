namespace Dotkube.Storage;

/// <summary>
/// An optional capability of a store: one cheap linearizable read that tells a cache fed by a watch of a
/// prefix whether it already holds the prefix's current state. kube-apiserver learns that from etcd's watch
/// progress requests, which etcd 3.4 before 3.4.31 answers wrongly; this read works on any etcd 3.4.
/// </summary>
/// <remarks>
/// A cache that applied every event up to revision A and holds C keys is exactly the state at
/// <see cref="PrefixState.Revision"/> when no live key was modified after A and the store holds C live keys:
/// any write after A leaves a key with a newer mod revision, and a delete alone lowers the count.
/// </remarks>
public interface IPrefixStateReader
{
    /// <summary>Reads, at the store's current revision and through its quorum, the prefix's live key count and the live keys modified after <paramref name="modifiedAfter"/>.</summary>
    Task<PrefixState> ReadPrefixStateAsync(string prefix, long modifiedAfter, CancellationToken cancellationToken = default);
}

/// <param name="Revision">the store's current revision the read was answered at.</param>
/// <param name="Count">live keys under the prefix at that revision.</param>
/// <param name="NewestModRevision">the highest mod revision among the live keys modified after the asked revision; 0 when none was.</param>
public sealed record PrefixState(long Revision, long Count, long NewestModRevision);
