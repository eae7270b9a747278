using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.CronJob;

/// <summary>kube-controller-manager's "cronjob" controller.</summary>
public sealed class CronJobController : IController
{
    public string Name => "cronjob";

    public string ServiceAccount => "cronjob-controller";

    /// <summary>The zone of schedules without spec.timeZone: the controller manager's own, as upstream.</summary>
    public TimeZoneInfo LocalZone { get; init; } = TimeZoneInfo.Local;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var cronJobs = context.Informers.Get<V1CronJob>(ResourceType.CronJobs);
        var jobs = context.Informers.Get<V1Job>(ResourceType.Jobs);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.cronjob");
        await using var events = new EventRecorder(context.Client, "cronjob-controller", timeProvider: context.Clock, logger: logger);
        var reconciler = new CronJobReconciler(context.Client, cronJobs.Cache, jobs.Cache, events, context.Clock, LocalZone, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        using var cjHandler = cronJobs.AddHandler(EnqueueHandlers.ForObject<V1CronJob>(runner.Queue));
        using var jobHandler = jobs.AddHandler(EnqueueHandlers.ForMapped<V1Job>(runner.Queue, j =>
            OwnerRefs.ControllerOf(j.Metadata) is { Kind: "CronJob" } owner ? new ObjectKey(j.Metadata.NamespaceProperty ?? "", owner.Name) : null));
        await Task.WhenAll(cronJobs.WaitForSyncAsync(cancellationToken), jobs.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
