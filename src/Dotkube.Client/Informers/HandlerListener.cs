using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Dotkube.Client.Informers;

/// <summary>
/// One registered handler: an unbounded queue of notifications drained by its own task, so the
/// informer never waits on a handler (client-go's processorListener). A handler that throws is
/// logged and keeps receiving later notifications.
/// </summary>
internal sealed class HandlerListener<T> : IDisposable
    where T : class
{
    private readonly Channel<Notification<T>> channel = Channel.CreateUnbounded<Notification<T>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IResourceEventHandler<T> handler;
    private readonly ILogger logger;
    private readonly string informerName;
    private readonly Action<HandlerListener<T>> onDispose;
    private long pending;

    public HandlerListener(IResourceEventHandler<T> handler, ILogger logger, string informerName, Action<HandlerListener<T>> onDispose)
    {
        this.handler = handler;
        this.logger = logger;
        this.informerName = informerName;
        this.onDispose = onDispose;
        Completion = Task.Run(DrainAsync);
    }

    public Task Completion { get; }

    /// <summary>Notifications queued and not yet handled.</summary>
    public long Pending => Interlocked.Read(ref pending);

    public void Enqueue(Notification<T> notification)
    {
        Interlocked.Increment(ref pending);
        if (!channel.Writer.TryWrite(notification))
        {
            Interlocked.Decrement(ref pending);
        }
    }

    public void Complete() => channel.Writer.TryComplete();

    public void Dispose()
    {
        Complete();
        onDispose(this);
    }

    private async Task DrainAsync()
    {
        await foreach (var n in channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (n.Kind)
                {
                    case NotificationKind.Add:
                        handler.OnAdd(n.New, n.Flag);
                        break;
                    case NotificationKind.Update:
                        handler.OnUpdate(n.Old!, n.New);
                        break;
                    case NotificationKind.Delete:
                        handler.OnDelete(n.New, n.Flag);
                        break;
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "informer {Informer}: event handler {Handler} failed on {Kind}", informerName, handler.GetType().Name, n.Kind);
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }
    }
}
