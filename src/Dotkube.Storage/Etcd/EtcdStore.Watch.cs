using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Etcdserverpb;
using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>
/// Watches: one etcd watch stream per watcher, asking for previous values, pumped into a bounded buffer.
/// etcd replays history from the start revision itself, so there is no gap between a list and a watch.
/// </summary>
public sealed partial class EtcdStore
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

        // etcd still serves a watch from the compacted revision itself, but the event there has lost its
        // previous value; the contract refuses it, like every revision below.
        var known = CompactedRevision;
        if (afterRevision < known)
        {
            throw new CompactedException(afterRevision, known);
        }

        var buffer = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(options.WatchBufferSize)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // so TryWrite reports a full buffer
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
        var (start, end) = EtcdKeys.Prefix(prefix);
        var create = new WatchCreateRequest { Key = start, RangeEnd = end, StartRevision = afterRevision + 1, PrevKv = true };
        var pump = PumpAsync(prefix, afterRevision, create, buffer.Writer, stop);
        try
        {
            var reader = buffer.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves events from the etcd stream into <paramref name="buffer"/> without ever waiting on the reader;
    /// ends the buffer with the reason the watch stopped.
    /// </summary>
    private async Task PumpAsync(string prefix, long afterRevision, WatchCreateRequest create, ChannelWriter<WatchEvent> buffer, CancellationTokenSource stop)
    {
        Exception? failure = null;
        try
        {
            using var call = watch.Watch(cancellationToken: stop.Token);
            await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, stop.Token).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(stop.Token).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                Observe(response.Header);
                if (response.CompactRevision > 0)
                {
                    AdvanceTo(ref compacted, response.CompactRevision);
                    failure = new CompactedException(afterRevision, response.CompactRevision);
                    return;
                }

                if (response.Canceled)
                {
                    failure = new EtcdWatchCanceledException(prefix, response.CancelReason);
                    return;
                }

                foreach (var item in response.Events)
                {
                    var mapped = ToWatchEvent(item);
                    AdvanceTo(ref revision, mapped.Revision);
                    if (!buffer.TryWrite(mapped))
                    {
                        failure = new WatchOverflowException(prefix);
                        return;
                    }
                }
            }

            failure = new EtcdWatchCanceledException(prefix, "the etcd watch stream ended");
        }
        catch (RpcException e) when (stop.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled)
        {
            // the watcher went away or the store is closing
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the watcher went away or the store is closing
        }
        catch (RpcException e)
        {
            failure = new EtcdUnavailableException("watch", e);
        }
        finally
        {
            buffer.TryComplete(failure);
        }
    }

    private static WatchEvent ToWatchEvent(Mvccpb.Event item)
    {
        var previous = item.PrevKv is { } p ? ToKeyValue(p) : null;
        if (item.Type == Mvccpb.Event.Types.EventType.Delete)
        {
            // etcd's delete event carries only the key; the last value is the previous one.
            var last = (previous ?? new KeyValue(EtcdKeys.Text(item.Kv.Key), ReadOnlyMemory<byte>.Empty, 0, 0)) with { ModRevision = item.Kv.ModRevision };
            return new WatchEvent(WatchEventType.Delete, last, previous, IsCreate: false);
        }

        return new WatchEvent(WatchEventType.Put, ToKeyValue(item.Kv), previous, IsCreate: item.Kv.Version == 1);
    }
}
