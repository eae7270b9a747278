using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Hosting;
using Dotkube.Client;
using Dotkube.Controllers;
using Dotkube.Controllers.Certificates;
using Dotkube.Controllers.ClusterRoleAggregation;
using Dotkube.Controllers.CronJob;
using Dotkube.Controllers.DaemonSet;
using Dotkube.Controllers.Deployment;
using Dotkube.Controllers.Disruption;
using Dotkube.Controllers.Endpoints;
using Dotkube.Controllers.EndpointSlice;
using Dotkube.Controllers.GarbageCollector;
using Dotkube.Controllers.Job;
using Dotkube.Controllers.LocalPath;
using Dotkube.Controllers.Namespace;
using Dotkube.Controllers.NodeIpam;
using Dotkube.Controllers.NodeLifecycle;
using Dotkube.Controllers.PersistentVolume;
using Dotkube.Controllers.PodGc;
using Dotkube.Controllers.ReplicaSet;
using Dotkube.Controllers.ReplicationController;
using Dotkube.Controllers.ResourceQuota;
using Dotkube.Controllers.RootCaCertPublisher;
using Dotkube.Controllers.ServiceAccount;
using Dotkube.Controllers.StatefulSet;
using Dotkube.Controllers.TaintEviction;
using Dotkube.Controllers.TtlAfterFinished;
using Dotkube.Controllers.VolumeProtection;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>
/// The controller manager in the server's process over the loopback transport: its shared
/// informers as system:kube-controller-manager, each controller as its own service account in
/// kube-system (upstream's --use-service-account-credentials), acting only while this server
/// holds the kube-controller-manager Lease.
/// </summary>
public static class ControllerComponent
{
    public const string User = "system:kube-controller-manager";
    private const string Component = "kube-controller-manager";

    /// <summary>Every controller dotkube has, enabled or not.</summary>
    public static IReadOnlyList<IController> All(ControllerOptions? options = null)
    {
        options ??= new ControllerOptions();
        return
        [
            new ReplicaSetController(),
            new ReplicationControllerController(),
            new DeploymentController(),
            new StatefulSetController(),
            new DaemonSetController(),
            new JobController(),
            new CronJobController(),
            new TtlAfterFinishedController(),
            new PodGcController(options.PodGc),
            new PersistentVolumeController(),
            new Dotkube.Controllers.VolumeExpand.ExpandController(),
            new PvcProtectionController(),
            new PvProtectionController(),
            new LocalPathProvisioner(options.LocalPath),
            new ResourceQuotaController(),
            new NodeLifecycleController(options.NodeLifecycle),
            new TaintEvictionController(),
            new DisruptionController(),
            new EndpointsController(),
            new EndpointSliceController(),
            new NodeIpamController { ClusterCidr = options.ClusterCidr },
            new ServiceAccountsController(),
            new TokensController(options.ServiceAccountTokens),
            new RootCaCertPublisherController(options.RootCaPem),
            new CsrApprovingController(),
            new CsrSigningController(options.CsrSigning),
            new CsrCleanerController(),
            new ClusterRoleAggregationController(),
            new NamespaceController(),
            new GarbageCollector(),
        ];
    }

    public static BackgroundComponent Start(ApiServerHost host, IReadOnlyList<string> selectionItems, ControllerOptions options, LeaderElectionSettings election, string identity, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var log = loggerFactory.CreateLogger("dotkube.controller-manager");
        var selection = ControllerSelection.Parse(selectionItems, All(options).Select(c => c.Name).ToList());
        if (!All(options).Any(selection.IsEnabled))
        {
            return BackgroundComponent.None(log);
        }
        var managerClient = LoopbackClient.For(host, new UserInfo(User, ["system:authenticated"]), Component);

        // Each leadership term runs a fresh manager: new informers, new controller clients.
        async Task Term(CancellationToken leading)
        {
            await using var manager = new ControllerManager(All(options), selection, managerClient, c => ClientFor(host, c), loggerFactory);
            await manager.RunAsync(leading);
        }

        var run = LeaderElectedRun.Wrap("kube-controller-manager", identity, managerClient, election, Term, log);
        return new BackgroundComponent("controller-manager", run, new OwnedClient(managerClient), log, ct);
    }

    private static KubeApiClient ClientFor(ApiServerHost host, IController controller) => controller.UsesManagerCredentials
        ? LoopbackClient.For(host, new UserInfo(User, ["system:authenticated"]), Component)
        : LoopbackClient.For(host, new UserInfo(
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

/// <summary>Settings of individual controllers, from the server's flags.</summary>
public sealed record ControllerOptions
{
    public PodGcOptions PodGc { get; init; } = new();

    public LocalPathOptions LocalPath { get; init; } = new();

    public NodeLifecycleOptions NodeLifecycle { get; init; } = new();

    /// <summary>--cluster-cidr: node IPAM hands each node a /24 of it.</summary>
    public string ClusterCidr { get; init; } = NodeIpamController.DefaultClusterCidr;

    /// <summary>--root-ca-file: the bundle root-ca-cert-publisher and the tokens controller hand out.</summary>
    public string? RootCaPem { get; init; }

    /// <summary>The tokens controller: its signing key and --legacy-service-account-token-secrets.</summary>
    public ServiceAccountTokenOptions ServiceAccountTokens { get; init; } = new();

    /// <summary>csrsigning: the cluster CA (or --cluster-signing-*-file CAs) and --cluster-signing-duration.</summary>
    public CsrSigningOptions CsrSigning { get; init; } = new();
}
