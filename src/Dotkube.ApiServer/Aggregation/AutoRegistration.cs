using System.Text.Json.Nodes;
using Dotkube.ApiServer.Controllers;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// kube-apiserver's autoregister and CRD registration controllers: a Local APIService for every
/// group-version the server itself serves (built-ins labelled automanaged "onstart", CRD groups
/// "true"), put back if deleted, and a CRD group's APIService removed when nothing serves it any
/// more. APIServices without the label (made by users) are never touched.
/// </summary>
public sealed class AutoRegistration(ResourceRegistry registry, GenericStore apiServices, IReadOnlyList<GenericStore> watched, ILogger logger)
{
    public const string AutomanagedLabel = "kube-aggregator.kubernetes.io/automanaged";

    public Task RunAsync(CancellationToken ct) =>
        ReconcileLoop.RunAsync("apiservice-autoregistration", [apiServices, .. watched], ReconcileAllAsync, logger, ct);

    /// <summary>The Local APIServices the registry asks for, by name.</summary>
    public static Dictionary<string, JsonObject> Desired(ResourceRegistry registry)
    {
        var desired = new Dictionary<string, JsonObject>();
        foreach (var group in registry.Groups())
        {
            foreach (var version in group.Versions)
            {
                var builtin = BuiltinPriorities.For(group.Name, version);
                var (groupPriority, versionPriority) = builtin ?? BuiltinPriorities.CustomResources;
                var name = $"{version}.{group.Name}";
                desired[name] = new JsonObject
                {
                    ["apiVersion"] = "apiregistration.k8s.io/v1",
                    ["kind"] = "APIService",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = name,
                        ["labels"] = new JsonObject { [AutomanagedLabel] = builtin is null ? "true" : "onstart" },
                    },
                    ["spec"] = new JsonObject
                    {
                        ["group"] = group.Name,
                        ["version"] = version,
                        ["groupPriorityMinimum"] = groupPriority,
                        ["versionPriority"] = versionPriority,
                    },
                };
            }
        }
        return desired;
    }

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var desired = Desired(registry);
        var existing = (await apiServices.ListAsync("", new ListQuery(), ct)).Items.ToDictionary(o => o.Name());
        foreach (var (name, want) in desired)
        {
            try
            {
                if (!existing.TryGetValue(name, out var have))
                {
                    await apiServices.CreateAsync("", want, WriteOptions.Internal, ct);
                }
                else if (Label(have) is not null && !JsonNode.DeepEquals(have["spec"], want["spec"]))
                {
                    await apiServices.UpdateAsync("", name, obj =>
                    {
                        obj["spec"] = want["spec"]!.DeepClone();
                        ObjectJson.Metadata(obj).Remove("resourceVersion");
                        return obj;
                    }, UpdateTarget.Main, WriteOptions.Internal, ct);
                }
            }
            catch (StatusException e) when (e.Reason is "AlreadyExists" or "Conflict" or "NotFound")
            {
                // Raced with another writer; the next round settles it.
            }
        }
        foreach (var (name, have) in existing)
        {
            // Only CRD registrations ("true") go away with their group; built-ins stay, as upstream's "onstart".
            if (!desired.ContainsKey(name) && Label(have) == "true" && have.Obj("spec")?.Obj("service") is null)
            {
                try
                {
                    await apiServices.DeleteAsync("", name, new DeleteRequest(), WriteOptions.Internal, ct);
                }
                catch (StatusException e) when (e.Reason is "NotFound" or "Conflict")
                {
                }
            }
        }
    }

    private static string? Label(JsonObject obj) => obj.Obj("metadata").Obj("labels").Str(AutomanagedLabel);
}
