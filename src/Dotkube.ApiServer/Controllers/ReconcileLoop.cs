using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Controllers;

/// <summary>
/// The loop the small in-process controllers share until they move onto informers: reconcile
/// everything, then wait for any change to the watched resources (or a periodic resync), again.
/// Errors are logged and retried after a second.
/// </summary>
public static class ReconcileLoop
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(
        string name, IReadOnlyList<GenericStore> watched, Func<CancellationToken, Task> reconcileAll, ILogger logger, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // The revision is taken first, so a change made while reconciling wakes the next round.
                var revision = watched[0].CurrentRevision;
                await reconcileAll(ct);
                await WaitForChangeAsync(watched, revision, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StatusException or Storage.StorageException)
            {
                logger.LogWarning(e, "{Controller}: retrying after error", name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static async Task WaitForChangeAsync(IReadOnlyList<GenericStore> watched, long revision, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(Resync);
        var waits = watched.Select(s => FirstEventAsync(s, revision, wait.Token)).ToList();
        await Task.WhenAny(waits);
        await wait.CancelAsync();
        foreach (var w in waits)
        {
            try
            {
                await w;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }
        ct.ThrowIfCancellationRequested();
    }

    private static async Task FirstEventAsync(GenericStore store, long revision, CancellationToken ct)
    {
        await foreach (var _ in store.WatchAsync("", revision, ct))
        {
            return;
        }
    }
}
