using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.NodeIpam;

/// <summary>
/// kube-controller-manager's "nodeipam" controller with the range allocator: a podCIDR per Node
/// from <see cref="ClusterCidr"/> in blocks of <see cref="NodeCidrMaskSize"/> bits.
/// </summary>
public sealed class NodeIpamController : IController
{
    /// <summary>dotkube's default --cluster-cidr (what flannel's and kind's manifests expect).</summary>
    public const string DefaultClusterCidr = "10.244.0.0/16";

    public string Name => "nodeipam";

    public string ServiceAccount => "node-controller";

    public string ClusterCidr { get; init; } = DefaultClusterCidr;

    /// <summary>Upstream's --node-cidr-mask-size default for IPv4.</summary>
    public int NodeCidrMaskSize { get; init; } = 24;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var nodeInformer = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.nodeipam");
        var cidrs = new CidrSet(ClusterCidr, NodeCidrMaskSize);
        await using var events = new EventRecorder(context.Client, "cidrAllocator", timeProvider: context.Clock, logger: logger);
        var reconciler = new NodeIpamReconciler(context.Client, nodeInformer.Cache, cidrs, events, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 4 }, logger, context.Clock);
        await nodeInformer.WaitForSyncAsync(cancellationToken);
        // Every CIDR in use is marked before the first node is given one.
        reconciler.OccupyExisting();
        using var handler = nodeInformer.AddHandler(EnqueueHandlers.ForMapped<V1Node>(runner.Queue, n =>
            n.Spec?.PodCIDR is { Length: > 0 } ? null : ObjectKey.Cluster(n.Metadata.Name)));
        using var deletions = nodeInformer.AddHandler(onDelete: (n, _) => runner.Enqueue(ObjectKey.Cluster(n.Metadata.Name)));
        await runner.RunAsync(cancellationToken);
    }
}
