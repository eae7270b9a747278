using Dotkube.Client;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.TtlAfterFinished;

/// <summary>kube-controller-manager's "ttl-after-finished" controller: finished Jobs with a TTL are deleted when it runs out.</summary>
public sealed class TtlAfterFinishedController : IController
{
    public string Name => "ttl-after-finished";

    public string ServiceAccount => "ttl-after-finished-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var jobs = context.Informers.Get<V1Job>(ResourceType.Jobs);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.ttl-after-finished");
        var reconciler = new TtlAfterFinishedReconciler(context.Client, jobs.Cache, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        // Only jobs that may expire matter: those with a TTL that are not being deleted.
        using var handler = jobs.AddHandler(EnqueueHandlers.ForMapped<V1Job>(runner.Queue, j =>
            j.Spec?.TtlSecondsAfterFinished is not null && j.Metadata.DeletionTimestamp is null
                ? new ObjectKey(j.Metadata.NamespaceProperty ?? "", j.Metadata.Name)
                : null));
        await jobs.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }
}
