using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.TaintEviction;

/// <summary>
/// kube-controller-manager's "taint-eviction-controller" (split from node lifecycle since 1.29):
/// deletes pods that do not tolerate their node's NoExecute taints. Like upstream it runs with the
/// node-controller service account's role.
/// </summary>
public sealed class TaintEvictionController : IController
{
    public string Name => "taint-eviction-controller";

    public string ServiceAccount => "node-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var nodeInformer = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.taint-eviction");
        await using var events = new EventRecorder(context.Client, "taint-eviction-controller", timeProvider: context.Clock, logger: logger);
        var reconciler = new TaintEvictionReconciler(context.Client, nodeInformer.Cache, podInformer.Cache, new EvictionSchedule(), events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 2 }, logger, context.Clock);
        // Only pods bound to a node can be evicted (upstream's handlePodUpdate ignores the rest);
        // a pod bound before it changed or went is queued too, so its planned eviction is dropped.
        using var podHandler = podInformer.AddHandler(EnqueueHandlers.ForMapped<V1Pod>(runner.Queue,
            p => string.IsNullOrEmpty(p.Spec?.NodeName) ? null : new ObjectKey(p.Metadata.NamespaceProperty ?? "", p.Metadata.Name)));
        // A node's taints changed: every pod on it is looked at again.
        using var nodeHandler = nodeInformer.AddHandler(
            onAdd: (n, _) => EnqueuePods(n),
            onUpdate: (old, n) =>
            {
                if (!SameNoExecute(old, n))
                {
                    EnqueuePods(n);
                }
            });
        await Task.WhenAll(nodeInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);

        void EnqueuePods(V1Node node)
        {
            foreach (var key in podInformer.Cache.IndexKeys(CacheIndexes.NodeName, node.Metadata.Name))
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                runner.Enqueue(key[..slash], key[(slash + 1)..]);
            }
        }
    }

    private static bool SameNoExecute(V1Node a, V1Node b) =>
        string.Join(";", NoExecute(a)) == string.Join(";", NoExecute(b));

    private static IEnumerable<string> NoExecute(V1Node node) =>
        (node.Spec?.Taints ?? []).Where(t => t.Effect == "NoExecute").Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal);
}
