using System.Text.Json.Nodes;
using Dotkube.Client;
using Dotkube.Client.Reconciling;
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
        var pods = context.Informers.Get<JsonObject>(ResourceType.Pods);
        var services = context.Informers.Get<JsonObject>(ResourceType.Services);
        var claims = context.Informers.Get<JsonObject>(ResourceType.PersistentVolumeClaims);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.resourcequota");
        var usage = new UsageCalculator(context.Client, pods.Cache, services.Cache, claims.Cache, context.Clock);
        var reconciler = new ResourceQuotaReconciler(context.Client, quotas.Cache, usage, Resync, logger);
        using var runner = new ReconcileRunner(Name, reconciler, new ReconcileRunnerOptions { Workers = 2 }, logger, context.Clock);
        // A change to a charged object re-counts every quota of its namespace.
        void Namespace(JsonObject o)
        {
            var ns = o["metadata"]?["namespace"]?.GetValue<string>() ?? "";
            foreach (var q in quotas.Cache.List(ns))
            {
                runner.Enqueue(ns, q["metadata"]?["name"]?.GetValue<string>() ?? "");
            }
        }
        using var quotaHandler = quotas.AddHandler(EnqueueHandlers.ForObject<JsonObject>(runner.Queue));
        var handlers = new[] { pods, services, claims }
            .Select(i => i.AddHandler((o, _) => Namespace(o), (_, o) => Namespace(o), (o, _) => Namespace(o)))
            .ToList();
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
