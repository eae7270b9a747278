using System.Text.Json.Nodes;
using Dotkube.Client;
using Dotkube.Client.Informers;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ResourceQuota;

/// <summary>
/// kube-controller-manager's "resourcequota" controller: keeps every ResourceQuota's status.hard
/// equal to spec.hard and status.used equal to what live objects use. Pods, services and claims
/// are watched, so their changes (deletions included) show within moments; other object counts
/// (count/…) are listed on each pass and every quota is recomputed at least every
/// <see cref="Resync"/>.
/// </summary>
public sealed class ResourceQuotaController : IController
{
    public static readonly ResourceType ResourceQuotas = new("", "v1", "resourcequotas", "ResourceQuota", true);

    public string Name => "resourcequota";

    public string ServiceAccount => "resourcequota-controller";

    public TimeSpan Resync { get; init; } = TimeSpan.FromSeconds(15);

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var quotas = context.Informers.Get<JsonObject>(ResourceQuotas);
        // Typed, as the other controllers ask for them: one shared watch and cache per resource.
        var pods = context.Informers.Get<V1Pod>(ResourceType.Pods);
        var services = context.Informers.Get<V1Service>(ResourceType.Services);
        var claims = context.Informers.Get<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.resourcequota");
        var usage = new UsageCalculator(context.Client, pods.Cache, services.Cache, claims.Cache, context.Clock);
        var reconciler = new ResourceQuotaReconciler(context.Client, quotas.Cache, usage, Resync, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 2 }, logger, context.Clock);
        // A change to a charged object re-counts every quota of its namespace.
        void Namespace(string? ns)
        {
            ns ??= "";
            foreach (var q in quotas.Cache.List(ns))
            {
                runner.Enqueue(ns, q["metadata"]?["name"]?.GetValue<string>() ?? "");
            }
        }
        // As upstream: a quota is recounted when added, deleted or its spec.hard changes, not on the
        // status updates admission and this controller write (a recount racing the watch of the
        // very pod admission just charged would give the charge back too early).
        var enqueueQuota = EnqueueHandlers.ForObject<JsonObject>(runner.Queue);
        using var quotaHandler = quotas.AddHandler(
            enqueueQuota.OnAdd,
            (old, quota) =>
            {
                if (!JsonNode.DeepEquals(old["spec"]?["hard"], quota["spec"]?["hard"]))
                {
                    enqueueQuota.OnUpdate(old, quota);
                }
            },
            enqueueQuota.OnDelete);
        var handlers = new List<IDisposable>
        {
            pods.AddHandler(ResourceEventHandler<V1Pod>.ForAny(o => Namespace(o.Metadata.NamespaceProperty))),
            services.AddHandler(ResourceEventHandler<V1Service>.ForAny(o => Namespace(o.Metadata.NamespaceProperty))),
            claims.AddHandler(ResourceEventHandler<V1PersistentVolumeClaim>.ForAny(o => Namespace(o.Metadata.NamespaceProperty))),
        };
        try
        {
            await Task.WhenAll(quotas.WaitForSyncAsync(cancellationToken), pods.WaitForSyncAsync(cancellationToken),
                services.WaitForSyncAsync(cancellationToken), claims.WaitForSyncAsync(cancellationToken));
            await runner.RunAsync(cancellationToken);
        }
        finally
        {
            foreach (var h in handlers)
            {
                h.Dispose();
            }
        }
    }
}
