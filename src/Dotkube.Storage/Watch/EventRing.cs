using Dotkube.Storage.Internal;

namespace Dotkube.Storage.Watch;

/// <summary>
/// The most recent events, in revision order. Every revision is exactly one event, so the ring always
/// holds a contiguous run of revisions ending at the newest published one.
/// </summary>
internal sealed class EventRing(int capacity)
{
    private readonly WatchEvent[] items = new WatchEvent[capacity];
    private int start;
    private int count;

    public void Add(WatchEvent item)
    {
        if (items.Length == 0)
        {
            return;
        }

        if (count == items.Length)
        {
            items[start] = item;
            start = (start + 1) % items.Length;
        }
        else
        {
            items[(start + count) % items.Length] = item;
            count++;
        }
    }

    /// <summary>True when the ring holds every event newer than <paramref name="afterRevision"/> up to <paramref name="lastRevision"/>.</summary>
    public bool Covers(long afterRevision, long lastRevision) =>
        afterRevision >= lastRevision || (count > 0 && items[start].Revision <= afterRevision + 1);

    public List<WatchEvent> CopyAfter(long afterRevision, string prefix)
    {
        var result = new List<WatchEvent>();
        for (var i = 0; i < count; i++)
        {
            var item = items[(start + i) % items.Length];
            if (item.Revision > afterRevision && KeyRange.Matches(item.Kv.Key, prefix))
            {
                result.Add(item);
            }
        }

        return result;
    }
}
