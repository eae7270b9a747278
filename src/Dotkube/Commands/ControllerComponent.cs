using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;
using Dotkube.Controllers;
using Dotkube.Controllers.Deployment;
using Dotkube.Controllers.Endpoints;
using Dotkube.Controllers.EndpointSlice;
using Dotkube.Controllers.NodeIpam;
using Dotkube.Controllers.ReplicaSet;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>
/// The controller manager in the server's process over the loopback transport: its shared
/// informers as system:kube-controller-manager, each controller as its own service account in
/// kube-system (upstream's --use-service-account-credentials).
/// </summary>
public static class ControllerComponent
{
    public const string User = "system:kube-controller-manager";
    private const string Component = "kube-controller-manager";

    /// <summary>Every controller dotkube has, enabled or not.</summary>
    public static IReadOnlyList<IController> All(string clusterCidr = NodeIpamController.DefaultClusterCidr) =>
    [
        new ReplicaSetController(),
        new DeploymentController(),
        new EndpointsController(),
        new EndpointSliceController(),
        new NodeIpamController { ClusterCidr = clusterCidr },
    ];

    public static BackgroundComponent Start(ApiServerHost host, IReadOnlyList<string> selectionItems, ILoggerFactory loggerFactory, CancellationToken ct, string clusterCidr = NodeIpamController.DefaultClusterCidr)
    {
        var log = loggerFactory.CreateLogger("dotkube.controller-manager");
        var controllers = All(clusterCidr);
        var selection = ControllerSelection.Parse(selectionItems, controllers.Select(c => c.Name).ToList());
        var managerClient = LoopbackClient.For(host, new UserInfo(User, ["system:authenticated"]), Component);
        var manager = new ControllerManager(controllers, selection, managerClient, c => ClientFor(host, c), loggerFactory);
        if (manager.Enabled.Count == 0)
        {
            managerClient.Dispose();
            return BackgroundComponent.None(log);
        }
        return new BackgroundComponent("controller-manager", manager.RunAsync, new Owned(manager, managerClient), log, ct);
    }

    private static KubeApiClient ClientFor(ApiServerHost host, IController controller) =>
        LoopbackClient.For(host, new UserInfo(
            $"system:serviceaccount:kube-system:{controller.ServiceAccount}",
            ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]), Component);

    private sealed class Owned(ControllerManager manager, KubeApiClient client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await manager.DisposeAsync();
            client.Dispose();
        }
    }
}
