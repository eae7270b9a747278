using Dotkube.Client;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.EndpointSlice;

/// <summary>kube-controller-manager's "endpointslice" controller: EndpointSlices per Service with a selector.</summary>
public sealed class EndpointSliceController : IController
{
    public string Name => "endpointslice";

    public string ServiceAccount => "endpointslice-controller";

    public int Workers { get; init; } = 2;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var serviceInformer = context.Informers.Get<V1Service>(ResourceType.Services);
        var podInformer = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var nodeInformer = context.Informers.Get<V1Node>(ResourceType.Nodes);
        var sliceInformer = context.Informers.Get<V1EndpointSlice>(ResourceType.EndpointSlices);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.endpointslice");
        await using var events = new EventRecorder(context.Client, "endpoint-slice-controller", timeProvider: context.Clock, logger: logger);
        var reconciler = new EndpointSliceReconciler(context.Client, serviceInformer.Cache, podInformer.Cache, nodeInformer.Cache, sliceInformer.Cache,
            new TriggerTimeTracker(), new SliceWriteTracker(), events, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = Workers }, logger, context.Clock);
        var pods = new ServiceRouter(serviceInformer.Cache, runner.Enqueue);
        using var serviceHandler = serviceInformer.AddHandler(EnqueueHandlers.ForObject<V1Service>(runner.Queue));
        using var podHandler = podInformer.AddHandler(pods.Added, pods.Updated, pods.Deleted);
        // A slice changed or deleted by someone else is put back by syncing its Service.
        using var sliceHandler = sliceInformer.AddHandler(EnqueueHandlers.ForMapped<V1EndpointSlice>(runner.Queue, ServiceOf));
        await Task.WhenAll(
            serviceInformer.WaitForSyncAsync(cancellationToken),
            podInformer.WaitForSyncAsync(cancellationToken),
            nodeInformer.WaitForSyncAsync(cancellationToken),
            sliceInformer.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }

    private static ObjectKey? ServiceOf(V1EndpointSlice slice) =>
        slice.Metadata.Labels is { } l
        && l.TryGetValue(EndpointSlicePlanner.ManagedByLabel, out var by) && by == EndpointSlicePlanner.ManagedBy
        && l.TryGetValue(EndpointSlicePlanner.ServiceNameLabel, out var name)
            ? new ObjectKey(slice.Metadata.NamespaceProperty ?? "", name)
            : null;
}
