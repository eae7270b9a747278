using System.Text.Json.Nodes;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Controllers;

/// <summary>
/// kube-controller-manager's serviceaccount controller: every active namespace has a
/// <c>default</c> ServiceAccount, recreated if deleted. Writes as system:apiserver through the
/// generic store for now; it moves onto the shared informers with the other controllers.
/// </summary>
public sealed class ServiceAccountController(IObjectStores stores, ILogger logger)
{
    public const string DefaultName = "default";

    private GenericStore Namespaces => stores.For(stores.Registry.Find("", "v1", "namespaces")!);

    private GenericStore ServiceAccounts => stores.For(stores.Registry.Find("", "v1", "serviceaccounts")!);

    public Task RunAsync(CancellationToken ct) =>
        ReconcileLoop.RunAsync("serviceaccount-controller", [Namespaces, ServiceAccounts], ReconcileAllAsync, logger, ct);

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var namespaces = await Namespaces.ListAsync("", new ListQuery(o => !ObjectJson.IsDeleting(o)), ct);
        var existing = (await ServiceAccounts.ListAsync("", new ListQuery(o => ObjectJson.Name(o) == DefaultName), ct)).Items
            .Select(ObjectJson.Namespace).ToHashSet();
        foreach (var ns in namespaces.Items.Select(ObjectJson.Name).Where(n => !existing.Contains(n)))
        {
            try
            {
                await ServiceAccounts.CreateAsync(ns, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ServiceAccount",
                    ["metadata"] = new JsonObject { ["name"] = DefaultName, ["namespace"] = ns },
                }, WriteOptions.Internal, ct);
            }
            catch (StatusException e) when (e.Reason is "AlreadyExists" or "Forbidden" or "NotFound")
            {
                // Created meanwhile, or the namespace is going away: nothing to do.
            }
        }
    }
}
