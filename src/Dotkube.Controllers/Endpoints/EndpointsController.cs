using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Endpoints;

/// <summary>kube-controller-manager's "endpoint" controller: an Endpoints object per Service with a selector.</summary>
public sealed class EndpointsController : IController
{
    public string Name => "endpoint";

    public string ServiceAccount => "endpoint-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var serviceInformer = context.Informers.Get<V1Service>(ResourceType.Services);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var endpointsInformer = context.Informers.Get<V1Endpoints>(ResourceType.Endpoints);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.endpoint");
        await using var events = new EventRecorder(context.Client, "endpoint-controller", timeProvider: context.Clock, logger: logger);
        var reconciler = new EndpointsReconciler(context.Client, serviceInformer.Cache, podInformer.Cache, endpointsInformer.Cache, new TriggerTimeTracker(), events, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        var pods = new ServiceRouter(serviceInformer.Cache, runner.Enqueue);
        using var serviceHandler = serviceInformer.AddHandler(EnqueueHandlers.ForObject<V1Service>(runner.Queue));
        using var podHandler = podInformer.AddHandler(pods.Added, pods.Updated, pods.Deleted);
        // Endpoints are only looked at when deleted (to put back a Service's) and at start (to
        // delete those left over from deleted Services), as upstream's checkLeftoverEndpoints.
        using var endpointsHandler = endpointsInformer.AddHandler(
            onAdd: (e, initial) =>
            {
                if (initial)
                {
                    runner.Enqueue(e.Metadata.NamespaceProperty, e.Metadata.Name);
                }
            },
            onDelete: (e, _) => runner.Enqueue(e.Metadata.NamespaceProperty, e.Metadata.Name));
        await Task.WhenAll(
            serviceInformer.WaitForSyncAsync(cancellationToken),
            podInformer.WaitForSyncAsync(cancellationToken),
            endpointsInformer.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
