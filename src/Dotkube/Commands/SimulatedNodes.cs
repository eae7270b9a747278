using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;
using Dotkube.Node.Simulated;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>
/// The server's simulated nodes, over the loopback transport: each node authenticates as
/// system:node:NAME (group system:nodes), as a kubelet does; the shared pod and node watch runs as
/// system:dotkube:node-simulator.
/// </summary>
public static class SimulatedNodes
{
    public const string ObserverUser = "system:dotkube:node-simulator";

    /// <summary>Registers the nodes (so they exist once the server says it is ready), then runs them in the background.</summary>
    public static async Task<BackgroundComponent> StartAsync(ApiServerHost host, int count, TimeSpan nodeMonitorGracePeriod, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var log = loggerFactory.CreateLogger("dotkube.simulated-nodes");
        if (count == 0)
        {
            return BackgroundComponent.None(log);
        }
        KubeApiClient ClientFor(UserInfo user) => LoopbackClient.For(host, user, "kubelet");
        var pool = new SimulatedNodePool(
            new SimulatedNodeOptions { Count = count }.RenewingWithin(nodeMonitorGracePeriod),
            name => ClientFor(new UserInfo($"system:node:{name}", ["system:nodes", "system:authenticated"])),
            ClientFor(new UserInfo(ObserverUser, ["system:authenticated"])),
            loggerFactory);
        await pool.RegisterAsync(ct);
        return new BackgroundComponent("simulated nodes", pool.RunAsync, pool, log, ct);
    }
}
