using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>kube-controller-manager's "statefulset" controller.</summary>
public sealed class StatefulSetController : IController
{
    public string Name => "statefulset";

    public string ServiceAccount => "statefulset-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Ask for the informers before the first await: the manager starts them right after.
        var sets = context.Informers.Get<V1StatefulSet>(ResourceType.StatefulSets);
        var pods = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var revisions = context.Informers.Get<V1ControllerRevision>(ResourceType.ControllerRevisions);
        var claims = context.Informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.statefulset");
        await using var events = new EventRecorder(context.Client, "statefulset-controller", timeProvider: context.Clock, logger: logger);
        var control = new StatefulSetControl(new ApiStatefulSetObjects(context.Client, claims.Cache, events), context.Clock);
        var reconciler = new StatefulSetReconciler(context.Client, sets.Cache, pods.Cache, revisions.Cache, control);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        var router = new OwnerEventRouter<V1StatefulSet>("StatefulSet", sets.Cache, s => s.Spec.Selector, runner.Enqueue);
        using var setHandler = sets.AddHandler(EnqueueHandlers.ForObject<V1StatefulSet>(runner.Queue));
        using var podHandler = pods.AddHandler(router.Added, router.Updated, router.Deleted);
        using var revisionHandler = revisions.AddHandler(EnqueueHandlers.ForMapped<V1ControllerRevision>(runner.Queue, r =>
            OwnerRefs.ControllerOf(r.Metadata) is { Kind: "StatefulSet" } owner ? new ObjectKey(r.Metadata.NamespaceProperty ?? "", owner.Name) : null));
        await Task.WhenAll(sets.WaitForSyncAsync(cancellationToken), pods.WaitForSyncAsync(cancellationToken),
            revisions.WaitForSyncAsync(cancellationToken), claims.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
