using Dotkube.Client;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ServiceAccount;

/// <summary>
/// kube-controller-manager's "serviceaccount" controller: every active namespace has the
/// <c>default</c> ServiceAccount, created again if deleted. Keys are namespace names; a namespace
/// is looked at when it appears or changes, and when one of its service accounts is deleted.
/// </summary>
public sealed class ServiceAccountsController : IController
{
    public string Name => "serviceaccount";

    public string ServiceAccount => "service-account-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var namespaces = context.Informers.Get<V1Namespace>(ResourceType.Namespaces);
        var accounts = context.Informers.Get<V1ServiceAccount>(ResourceType.ServiceAccounts);
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.serviceaccount");
        var reconciler = new ServiceAccountsReconciler(context.Client, namespaces.Cache, accounts.Cache, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        using var onNamespace = namespaces.AddHandler(
            (ns, _) => runner.Enqueue("", ns.Metadata.Name),
            (_, ns) => runner.Enqueue("", ns.Metadata.Name));
        using var onAccount = accounts.AddHandler(onDelete: (sa, _) => runner.Enqueue("", sa.Metadata.NamespaceProperty ?? ""));
        await Task.WhenAll(namespaces.WaitForSyncAsync(cancellationToken), accounts.WaitForSyncAsync(cancellationToken));
        await runner.RunAsync(cancellationToken);
    }
}
