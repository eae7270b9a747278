namespace Dotkube.Storage.Memory;

/// <summary>Every version of one key that compaction has not dropped, oldest first.</summary>
internal sealed class KeyHistory
{
    private readonly List<KeyVersion> versions = [];

    public int Count => versions.Count;

    public KeyVersion Latest => versions[^1];

    public bool IsLive => versions.Count > 0 && !versions[^1].IsTombstone;

    public void Add(KeyVersion version) => versions.Add(version);

    /// <summary>The version visible at <paramref name="revision"/>, or null when the key did not exist then.</summary>
    public KeyVersion? At(long revision)
    {
        var index = IndexAt(revision);
        return index < 0 || versions[index].IsTombstone ? null : versions[index];
    }

    /// <summary>Drops versions no read at or after <paramref name="revision"/> can see.</summary>
    public void Compact(long revision)
    {
        var index = IndexAt(revision);
        if (index < 0)
        {
            return;
        }

        // versions[index] is what a read at the compacted revision sees: keep it unless it is a tombstone.
        var drop = versions[index].IsTombstone ? index + 1 : index;
        versions.RemoveRange(0, drop);
    }

    private int IndexAt(long revision)
    {
        int low = 0, high = versions.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (versions[mid].ModRevision <= revision)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }
}
