using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Job;

/// <summary>kube-controller-manager's "job" controller.</summary>
public sealed class JobController : IController
{
    public string Name => "job";

    public string ServiceAccount => "job-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Ask for the informers before the first await: the manager starts them right after.
        var jobInformer = context.Informers.Get<V1Job>(ResourceType.Jobs);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.job");
        var expectations = new ControllerExpectations(context.Clock);
        var finalizers = new FinalizerExpectations(context.Clock);
        await using var events = new EventRecorder(context.Client, "job-controller", timeProvider: context.Clock, logger: logger);
        var reconciler = new JobReconciler(context.Client, jobInformer.Cache, podInformer.Cache, expectations, finalizers, events, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        using var orphans = new ReconcileRunner("job-orphan-pod", new OrphanPodReconciler(context.Client, jobInformer.Cache, podInformer.Cache), null, logger, context.Clock);
        var router = new JobPodEventRouter(jobInformer.Cache, expectations, finalizers, runner.Enqueue, orphans.Enqueue);
        using var jobHandler = jobInformer.AddHandler(EnqueueHandlers.ForObject<V1Job>(runner.Queue));
        using var podHandler = podInformer.AddHandler(router.Added, router.Updated, router.Deleted);
        await Task.WhenAll(jobInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(runner.RunAsync(cancellationToken), orphans.RunAsync(cancellationToken));
    }
}
