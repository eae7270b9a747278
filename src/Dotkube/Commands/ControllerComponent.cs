using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;
using Dotkube.Controllers;
using Dotkube.Controllers.DaemonSet;
using Dotkube.Controllers.Deployment;
using Dotkube.Controllers.Endpoints;
using Dotkube.Controllers.EndpointSlice;
using Dotkube.Controllers.NodeIpam;
using Dotkube.Controllers.ReplicaSet;
using Dotkube.Controllers.StatefulSet;
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
        new StatefulSetController(),
        new DaemonSetController(),
        new EndpointsController(),
        new EndpointSliceController(),
        new NodeIpamController { ClusterCidr = clusterCidr },
    ];

    public static BackgroundComponent Start(ApiServerHost host, IReadOnlyList<string> selectionItems, LeaderElectionSettings election, string identity, ILoggerFactory loggerFactory, CancellationToken ct, string clusterCidr = NodeIpamController.DefaultClusterCidr)
    {
        var log = loggerFactory.CreateLogger("dotkube.controller-manager");
        var selection = ControllerSelection.Parse(selectionItems, All(clusterCidr).Select(c => c.Name).ToList());
        if (!All(clusterCidr).Any(selection.IsEnabled))
        {
            return BackgroundComponent.None(log);
        }
        var managerClient = LoopbackClient.For(host, new UserInfo(User, ["system:authenticated"]), Component);

        // Each leadership term runs a fresh manager: new informers, new controller clients.
        async Task Term(CancellationToken leading)
        {
            await using var manager = new ControllerManager(All(clusterCidr), selection, managerClient, c => ClientFor(host, c), loggerFactory);
            await manager.RunAsync(leading);
        }

        var run = LeaderElectedRun.Wrap("kube-controller-manager", identity, managerClient, election, Term, log);
        return new BackgroundComponent("controller-manager", run, new OwnedClient(managerClient), log, ct);
    }

    private static KubeApiClient ClientFor(ApiServerHost host, IController controller) =>
        LoopbackClient.For(host, new UserInfo(
            $"system:serviceaccount:kube-system:{controller.ServiceAccount}",
            ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]), Component);

    private sealed class OwnedClient(KubeApiClient client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
