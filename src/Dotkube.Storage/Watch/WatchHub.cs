using System.Runtime.CompilerServices;
using Dotkube.Storage.Internal;

namespace Dotkube.Storage.Watch;

/// <summary>
/// Fans the store's single ordered stream of events out to watchers. The backend publishes each committed
/// batch in revision order; a watcher gets a bounded buffer and is dropped (it must re-list) when the buffer
/// is full, so a slow reader never slows down writers.
/// </summary>
/// <remarks>
/// Starting a watch and publishing take the same lock, which splits history cleanly: everything up to the
/// revision published at subscription time is replayed (from the ring or from the backend), everything
/// after arrives through the buffer. That is what makes the stream free of gaps and duplicates.
/// </remarks>
internal sealed class WatchHub
{
    private readonly Lock gate = new();
    private readonly EventRing ring;
    private readonly List<WatchSubscription> subscribers = [];
    private readonly IWatchHistory history;
    private readonly int bufferSize;
    private long lastPublished;
    private long compacted;
    private bool closed;

    public WatchHub(IWatchHistory history, StoreOptions options, long currentRevision, long compactedRevision)
    {
        this.history = history;
        bufferSize = options.WatchBufferSize;
        ring = new EventRing(options.EventRingSize);
        lastPublished = currentRevision;
        compacted = compactedRevision;
    }

    /// <summary>Publishes events that are already durable, in revision order, continuing the last published revision.</summary>
    public void Publish(IReadOnlyList<WatchEvent> events)
    {
        lock (gate)
        {
            foreach (var item in events)
            {
                PublishLocked(item);
            }
        }
    }

    public void Publish(WatchEvent item)
    {
        lock (gate)
        {
            PublishLocked(item);
        }
    }

    public void SetCompacted(long revision)
    {
        lock (gate)
        {
            compacted = Math.Max(compacted, revision);
        }
    }

    /// <summary>Ends every watch (the store is closing); later watches fail.</summary>
    public void Close()
    {
        lock (gate)
        {
            closed = true;
            foreach (var subscriber in subscribers)
            {
                subscriber.Close();
            }

            subscribers.Clear();
        }
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        WatchSubscription subscription;
        List<WatchEvent>? fromRing = null;
        long replayUpTo;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, this);
            if (afterRevision < compacted)
            {
                throw new CompactedException(afterRevision, compacted);
            }

            subscription = new WatchSubscription(prefix, bufferSize);
            subscribers.Add(subscription);
            replayUpTo = lastPublished;
            if (ring.Covers(afterRevision, replayUpTo))
            {
                fromRing = ring.CopyAfter(afterRevision, prefix);
            }
        }

        try
        {
            if (fromRing is not null)
            {
                foreach (var item in fromRing)
                {
                    yield return item;
                }
            }
            else
            {
                await foreach (var item in history.ReadHistoryAsync(prefix, afterRevision, replayUpTo, cancellationToken).ConfigureAwait(false))
                {
                    yield return item;
                }
            }

            var reader = subscription.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    // Only a watch from a future revision can see events at or below its start here.
                    if (item.Revision > afterRevision)
                    {
                        yield return item;
                    }
                }
            }

            if (subscription.Overflowed)
            {
                throw new WatchOverflowException(prefix);
            }
        }
        finally
        {
            lock (gate)
            {
                subscribers.Remove(subscription);
            }
        }
    }

    private void PublishLocked(WatchEvent item)
    {
        if (item.Revision != lastPublished + 1)
        {
            throw new InvalidOperationException($"event revision {item.Revision} does not follow {lastPublished}");
        }

        lastPublished = item.Revision;
        ring.Add(item);
        for (var i = subscribers.Count - 1; i >= 0; i--)
        {
            var subscriber = subscribers[i];
            if (KeyRange.Matches(item.Kv.Key, subscriber.Prefix) && !subscriber.TryDeliver(item))
            {
                subscribers.RemoveAt(i);
            }
        }
    }
}
