using System.Threading.Channels;

namespace Dotkube.Storage.Watch;

/// <summary>One watcher's bounded buffer of live events.</summary>
internal sealed class WatchSubscription(string prefix, int capacity)
{
    private readonly Channel<WatchEvent> channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = true, // the hub publishes under its lock
        FullMode = BoundedChannelFullMode.Wait, // so TryWrite reports a full buffer instead of dropping silently
    });

    public string Prefix { get; } = prefix;

    public ChannelReader<WatchEvent> Reader => channel.Reader;

    /// <summary>Set when the buffer was full; the reader throws once it has drained what it has.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Hands an event to the watcher without ever waiting; false when the watcher fell behind.</summary>
    public bool TryDeliver(WatchEvent item)
    {
        if (channel.Writer.TryWrite(item))
        {
            return true;
        }

        Overflowed = true;
        channel.Writer.TryComplete();
        return false;
    }

    public void Close() => channel.Writer.TryComplete();
}
