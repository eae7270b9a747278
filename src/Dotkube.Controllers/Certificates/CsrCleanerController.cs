using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// kube-controller-manager's "csrcleaner": deletes certificate signing requests once they are of
/// no more use (<see cref="CsrCleanup"/>). Upstream polls hourly; this one looks at each request
/// when it changes and again at its deadline.
/// </summary>
public sealed class CsrCleanerController : IController
{
    public string Name => "csrcleaner";

    public string ServiceAccount => "certificate-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.csrcleaner");
        var csrs = context.Informers.Get<V1CertificateSigningRequest>();
        var reconciler = new CsrCleanerReconciler(context.Client, csrs.Cache, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        using var handler = csrs.AddHandler(EnqueueHandlers.ForObject<V1CertificateSigningRequest>(runner.Queue));
        await csrs.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }
}

public sealed class CsrCleanerReconciler(KubeApiClient client, IObjectCache<V1CertificateSigningRequest> csrs, TimeProvider clock, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (csrs.Get(null, key.Name) is not { } csr || csr.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var (at, why) = CsrCleanup.DeleteAt(csr);
        var now = clock.GetUtcNow();
        if (at == DateTimeOffset.MaxValue)
        {
            return ReconcileResult.Done;
        }
        if (at > now)
        {
            // Timers cap at about 49 days; look again daily at most.
            var wait = at - now;
            return ReconcileResult.After(wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1));
        }
        try
        {
            await client.DeleteAsync(ResourceType.For<V1CertificateSigningRequest>(), null, key.Name,
                new DeleteOptions { PreconditionUid = csr.Metadata.Uid }, cancellationToken);
            logger.LogInformation("deleted certificate signing request {Name}: {Why}", key.Name, why);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone already, or replaced.
        }
        return ReconcileResult.Done;
    }
}
