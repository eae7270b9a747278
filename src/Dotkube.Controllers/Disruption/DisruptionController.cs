using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// kube-controller-manager's "disruption" controller: PodDisruptionBudget status, and the reset of
/// stale DisruptionTarget conditions of pods that were not deleted.
/// </summary>
public sealed class DisruptionController : IController
{
    public string Name => "disruption";

    public string ServiceAccount => "disruption-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var pdbInformer = context.Informers.Get<V1PodDisruptionBudget>(DisruptionReconciler.PodDisruptionBudgets);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var rsInformer = context.Informers.Get<V1ReplicaSet>(ResourceType.ReplicaSets);
        var deploymentInformer = context.Informers.Get<V1Deployment>(ResourceType.Deployments);
        var ssInformer = context.Informers.Get<V1StatefulSet>(ResourceType.StatefulSets);
        var rcInformer = context.Informers.Get<V1ReplicationController>(ResourceType.ReplicationControllers);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.disruption");
        await using var events = new EventRecorder(context.Client, "controllermanager", timeProvider: context.Clock, logger: logger);
        var finder = new ScaleFinder(rsInformer.Cache, deploymentInformer.Cache, ssInformer.Cache, rcInformer.Cache, new ScaleClient(context.Client, context.Clock));
        var reconciler = new DisruptionReconciler(context.Client, pdbInformer.Cache, podInformer.Cache, finder, events, context.Clock);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 2 }, logger, context.Clock);
        using var staleRunner = new ReconcileRunner("disruption-stale-pod-disruption",
            new StalePodDisruptionReconciler(context.Client, podInformer.Cache, context.Clock, logger), new ReconcileRunnerOptions(), logger, context.Clock);

        // Pods with a DisruptionTarget condition are checked for staleness (upstream's stalePodDisruptionQueue).
        void ForStale(V1Pod pod)
        {
            if (StaleDisruptionCondition.Check(pod, context.Clock.GetUtcNow()).Has)
            {
                staleRunner.Enqueue(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            }
        }

        // A pod counts for the budgets whose selectors match it; a controller's scale for every
        // budget of its namespace (few budgets per namespace, so no owner walk is needed).
        void ForPod(V1Pod pod)
        {
            foreach (var pdb in pdbInformer.Cache.List(pod.Metadata.NamespaceProperty))
            {
                if (Selectors.Matches(Selectors.From(pdb.Spec?.Selector), pod.Metadata))
                {
                    runner.Enqueue(pdb.Metadata.NamespaceProperty, pdb.Metadata.Name);
                }
            }
        }
        void ForNamespace(string? ns)
        {
            foreach (var pdb in pdbInformer.Cache.List(ns ?? ""))
            {
                runner.Enqueue(pdb.Metadata.NamespaceProperty, pdb.Metadata.Name);
            }
        }
        using var pdbHandler = pdbInformer.AddHandler(EnqueueHandlers.ForObject<V1PodDisruptionBudget>(runner.Queue));
        using var podHandler = podInformer.AddHandler((p, _) =>
        {
            ForPod(p);
            ForStale(p);
        }, (o, n) =>
        {
            ForPod(o);
            ForPod(n);
            ForStale(n);
        }, (p, _) => ForPod(p));
        using var rsHandler = rsInformer.AddHandler((o, _) => ForNamespace(o.Metadata.NamespaceProperty), (_, n) => ForNamespace(n.Metadata.NamespaceProperty), (o, _) => ForNamespace(o.Metadata.NamespaceProperty));
        using var dHandler = deploymentInformer.AddHandler((o, _) => ForNamespace(o.Metadata.NamespaceProperty), (_, n) => ForNamespace(n.Metadata.NamespaceProperty), (o, _) => ForNamespace(o.Metadata.NamespaceProperty));
        using var ssHandler = ssInformer.AddHandler((o, _) => ForNamespace(o.Metadata.NamespaceProperty), (_, n) => ForNamespace(n.Metadata.NamespaceProperty), (o, _) => ForNamespace(o.Metadata.NamespaceProperty));
        using var rcHandler = rcInformer.AddHandler((o, _) => ForNamespace(o.Metadata.NamespaceProperty), (_, n) => ForNamespace(n.Metadata.NamespaceProperty), (o, _) => ForNamespace(o.Metadata.NamespaceProperty));
        await Task.WhenAll(pdbInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken), rsInformer.WaitForSyncAsync(cancellationToken),
            deploymentInformer.WaitForSyncAsync(cancellationToken), ssInformer.WaitForSyncAsync(cancellationToken), rcInformer.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(runner.RunAsync(cancellationToken), staleRunner.RunAsync(cancellationToken));
    }
}
