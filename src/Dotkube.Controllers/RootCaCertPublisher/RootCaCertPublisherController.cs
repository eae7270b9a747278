using Dotkube.Client;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.RootCaCertPublisher;

/// <summary>
/// kube-controller-manager's "root-ca-cert-publisher": a <c>kube-root-ca.crt</c> ConfigMap with
/// the cluster CA bundle in every namespace (the projected service account volume reads it),
/// put back when deleted or changed. Keys are namespace names.
/// </summary>
public sealed class RootCaCertPublisherController(string? rootCaPem) : IController
{
    public string Name => "root-ca-cert-publisher";

    public string ServiceAccount => "root-ca-cert-publisher";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.root-ca-cert-publisher");
        if (string.IsNullOrEmpty(rootCaPem))
        {
            // Upstream does not start it without a root CA file.
            logger.LogWarning("root-ca-cert-publisher: no root CA configured; not publishing {ConfigMap}", RootCaConfigMap.Name);
            return;
        }
        var namespaces = context.Informers.Get<V1Namespace>(ResourceType.Namespaces);
        var configMaps = context.Informers.Get<V1ConfigMap>(ResourceType.ConfigMaps);
        var reconciler = new RootCaCertPublisherReconciler(context.Client, namespaces.Cache, configMaps.Cache, rootCaPem, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        using var onNamespace = namespaces.AddHandler(
            (ns, _) => runner.Enqueue("", ns.Metadata.Name),
            (_, ns) => runner.Enqueue("", ns.Metadata.Name));
        using var onConfigMap = configMaps.AddHandler(
            onUpdate: (_, cm) => EnqueueOurs(runner, cm),
            onDelete: (cm, _) => EnqueueOurs(runner, cm));
        await Task.WhenAll(namespaces.WaitForSyncAsync(cancellationToken), configMaps.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }

    private static void EnqueueOurs(ReconcileRunner runner, V1ConfigMap cm)
    {
        if (cm.Metadata.Name == RootCaConfigMap.Name)
        {
            runner.Enqueue("", cm.Metadata.NamespaceProperty ?? "");
        }
    }
}
