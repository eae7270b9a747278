using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;
using Dotkube.Node.Simulated;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>
/// Runs the server's simulated nodes in its process, over the loopback transport: each node
/// authenticates as system:node:NAME (group system:nodes), as a kubelet does; the shared pod and
/// node watch runs as system:dotkube:node-simulator.
/// </summary>
public sealed class SimulatedNodes : IAsyncDisposable
{
    public const string ObserverUser = "system:dotkube:node-simulator";

    private readonly SimulatedNodePool? pool;
    private readonly Task running = Task.CompletedTask;
    private readonly CancellationTokenSource stop;
    private readonly ILogger log;

    private SimulatedNodes(SimulatedNodePool? pool, CancellationToken ct, ILogger log)
    {
        this.pool = pool;
        this.log = log;
        stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (pool is not null)
        {
            running = Task.Run(async () =>
            {
                try
                {
                    await pool.RunAsync(stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    // Said at once, not only at shutdown: the nodes have stopped running pods.
                    log.LogError(e, "simulated nodes failed");
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Registers the nodes (so they exist once the server says it is ready), then runs them in the background.</summary>
    public static async Task<SimulatedNodes> StartAsync(ApiServerHost host, int count, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var log = loggerFactory.CreateLogger("dotkube.simulated-nodes");
        if (count == 0)
        {
            return new SimulatedNodes(null, ct, log);
        }
        KubeApiClient ClientFor(UserInfo user) => new(host.Loopback.CreateHandler(user), LoopbackTransport.BaseAddress);
        var pool = new SimulatedNodePool(
            new SimulatedNodeOptions { Count = count },
            name => ClientFor(new UserInfo($"system:node:{name}", ["system:nodes", "system:authenticated"])),
            ClientFor(new UserInfo(ObserverUser, ["system:authenticated"])),
            loggerFactory);
        await pool.RegisterAsync(ct);
        return new SimulatedNodes(pool, ct, log);
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is what we asked for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (pool is not null)
        {
            await pool.DisposeAsync();
        }
        stop.Dispose();
    }
}
