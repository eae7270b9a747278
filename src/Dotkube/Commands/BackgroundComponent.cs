using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>
/// A component the server runs in its own process (scheduler, simulated nodes, controllers) until
/// shutdown. A failure is logged the moment it happens, not only at shutdown.
/// </summary>
public sealed class BackgroundComponent : IAsyncDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Task running;
    private readonly IAsyncDisposable? owned;

    public BackgroundComponent(string name, Func<CancellationToken, Task> run, IAsyncDisposable? owned, ILogger log, CancellationToken ct)
    {
        this.owned = owned;
        stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        running = Task.Run(async () =>
        {
            try
            {
                await run(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping is what we asked for.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.LogError(e, "{Component} failed and stopped", name);
            }
        }, CancellationToken.None);
    }

    /// <summary>A component that is switched off.</summary>
    public static BackgroundComponent None(ILogger log) => new("nothing", _ => Task.CompletedTask, null, log, CancellationToken.None);

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
        stop.Dispose();
    }
}
