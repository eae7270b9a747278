using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>kube-controller-manager's "daemonset" controller.</summary>
public sealed class DaemonSetController : IController
{
    public string Name => "daemonset";

    public string ServiceAccount => "daemon-set-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Ask for the informers before the first await: the manager starts them right after.
        var sets = context.Informers.Get<V1DaemonSet>(ResourceType.DaemonSets);
        var pods = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var nodes = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var revisions = context.Informers.Get<V1ControllerRevision>(ResourceType.ControllerRevisions);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.daemonset");
        var expectations = new ControllerExpectations(context.Clock);
        await using var events = new EventRecorder(context.Client, "daemonset-controller", timeProvider: context.Clock, logger: logger);
        var control = new DaemonSetControl(new ApiDaemonSetObjects(context.Client, events), expectations, context.Clock);
        var reconciler = new DaemonSetReconciler(context.Client, sets.Cache, pods.Cache, nodes.Cache, revisions.Cache, expectations, control);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        var router = new OwnerEventRouter<V1DaemonSet>("DaemonSet", sets.Cache, s => s.Spec.Selector, runner.Enqueue, expectations);
        void EnqueueAll()
        {
            foreach (var ds in sets.Cache.List())
            {
                runner.Enqueue(ds.Metadata.NamespaceProperty, ds.Metadata.Name);
            }
        }
        using var setHandler = sets.AddHandler(EnqueueHandlers.ForObject<V1DaemonSet>(runner.Queue));
        using var podHandler = pods.AddHandler(router.Added, router.Updated, router.Deleted);
        using var nodeHandler = nodes.AddHandler(
            (_, _) => EnqueueAll(),
            (old, node) =>
            {
                if (NodeChanged(old, node))
                {
                    EnqueueAll();
                }
            },
            (_, _) => EnqueueAll());
        using var revisionHandler = revisions.AddHandler(EnqueueHandlers.ForMapped<V1ControllerRevision>(runner.Queue, r =>
            OwnerRefs.ControllerOf(r.Metadata) is { Kind: "DaemonSet" } owner ? new ObjectKey(r.Metadata.NamespaceProperty ?? "", owner.Name) : null));
        await Task.WhenAll(sets.WaitForSyncAsync(cancellationToken), pods.WaitForSyncAsync(cancellationToken),
            nodes.WaitForSyncAsync(cancellationToken), revisions.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }

    /// <summary>Whether a node update can change where daemon pods belong: labels, taints or schedulability (heartbeats cannot).</summary>
    public static bool NodeChanged(V1Node old, V1Node node)
    {
        static string Taints(V1Node n) => string.Join(";", (n.Spec?.Taints ?? []).Select(t => $"{t.Key}={t.Value}:{t.Effect}"));
        static string Labels(V1Node n) => string.Join(";", (n.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return Taints(old) != Taints(node) || Labels(old) != Labels(node) || old.Spec?.Unschedulable != node.Spec?.Unschedulable;
    }
}
