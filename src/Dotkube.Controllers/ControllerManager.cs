using Dotkube.Client;
using Dotkube.Client.Informers;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers;

/// <summary>
/// Runs the selected controllers (kube-controller-manager's job): one set of shared informers
/// under the manager's own identity, and for each controller a client authenticated as its
/// service account. A controller that fails is logged and restarted after a pause — one broken
/// controller must not stop the others, nor go quiet.
/// </summary>
public sealed class ControllerManager(
    IReadOnlyList<IController> controllers,
    ControllerSelection selection,
    KubeApiClient managerClient,
    Func<IController, KubeApiClient> clientFor,
    ILoggerFactory loggerFactory,
    TimeProvider? timeProvider = null) : IAsyncDisposable
{
    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(5);
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly ILogger logger = loggerFactory.CreateLogger("dotkube.controller-manager");
    private readonly List<KubeApiClient> clients = [];
    private SharedInformerFactory? informers;

    public IReadOnlyList<IController> Enabled { get; } = controllers.Where(selection.IsEnabled).ToList();

    public async Task RunAsync(CancellationToken ct)
    {
        // Controllers never read managedFields; dropping them from the caches (as
        // kube-controller-manager does) saves a good part of each cached object.
        informers = new SharedInformerFactory(managerClient, new InformerOptions { DropManagedFields = true }, loggerFactory, clock);
        var runs = Enabled.Select(c =>
        {
            var client = clientFor(c);
            clients.Add(client);
            var context = new ControllerContext(client, informers, loggerFactory, clock);
            return KeepRunningAsync(c, context, ct);
        }).ToList();
        informers.Start(ct);
        logger.LogInformation("controllers started: {Controllers}", string.Join(", ", Enabled.Select(c => c.Name)));
        await Task.WhenAll(runs);
    }

    private async Task KeepRunningAsync(IController controller, ControllerContext context, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await controller.RunAsync(context, ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "controller {Controller} failed; restarting it in {Pause}", controller.Name, RestartPause);
                try
                {
                    await Task.Delay(RestartPause, clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (informers is not null)
        {
            await informers.DisposeAsync();
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
