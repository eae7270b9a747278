using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Controllers;

/// <summary>
/// kube-controller-manager's root-ca-cert-publisher: a <c>kube-root-ca.crt</c> ConfigMap with the
/// cluster CA in every active namespace, which the projected service account volume reads.
/// </summary>
public sealed class RootCaPublisher(IObjectStores stores, string caBundlePem, ILogger logger)
{
    private const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    private GenericStore Namespaces => stores.For(stores.Registry.Find("", "v1", "namespaces")!);

    private GenericStore ConfigMaps => stores.For(stores.Registry.Find("", "v1", "configmaps")!);

    public Task RunAsync(CancellationToken ct) =>
        ReconcileLoop.RunAsync("root-ca-cert-publisher", [Namespaces, ConfigMaps], ReconcileAllAsync, logger, ct);

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var namespaces = await Namespaces.ListAsync("", new ListQuery(o => !ObjectJson.IsDeleting(o)), ct);
        var current = (await ConfigMaps.ListAsync("", new ListQuery(o => ObjectJson.Name(o) == ServiceAccountAdmission.RootCaConfigMap), ct)).Items
            .ToDictionary(ObjectJson.Namespace);
        foreach (var ns in namespaces.Items.Select(ObjectJson.Name))
        {
            try
            {
                if (!current.TryGetValue(ns, out var cm))
                {
                    await ConfigMaps.CreateAsync(ns, new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "ConfigMap",
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = ServiceAccountAdmission.RootCaConfigMap,
                            ["namespace"] = ns,
                            ["annotations"] = new JsonObject { ["kubernetes.io/description"] = Description },
                        },
                        ["data"] = new JsonObject { ["ca.crt"] = caBundlePem },
                    }, WriteOptions.Internal, ct);
                }
                else if (ObjectJson.GetString(cm["data"], "ca.crt") != caBundlePem)
                {
                    await ConfigMaps.UpdateAsync(ns, ServiceAccountAdmission.RootCaConfigMap, obj =>
                    {
                        obj["data"] = new JsonObject { ["ca.crt"] = caBundlePem };
                        ObjectJson.Metadata(obj).Remove("resourceVersion");
                        return obj;
                    }, UpdateTarget.Main, WriteOptions.Internal, ct);
                }
            }
            catch (StatusException e) when (e.Reason is "AlreadyExists" or "Forbidden" or "NotFound" or "Conflict")
            {
                // Raced with another writer or a terminating namespace; the next round settles it.
            }
        }
    }
}
