using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Quota;

namespace Dotkube.ApiServer.Admission.ResourceQuota;

/// <summary>
/// The ResourceQuota admission plugin: a create (or an update that grows usage) in a namespace
/// with quotas is refused when it would pass a quota's hard limits, or when a tracked compute
/// resource is missing from a container; otherwise its usage is charged to every concerned
/// quota's status.used before the object is stored, each quota updated compare-and-swap (a
/// concurrent charge makes it re-check against the newer usage). The resourcequota controller
/// later recomputes usage from live objects, which also gives back what deletions free.
/// The quotas of the namespace are read through <paramref name="objects"/> when given (a cache, as
/// upstream reads its quota informer), else from the store; charging always reads the store.
/// </summary>
public sealed class ResourceQuotaAdmission(Func<GenericStore?> quotas, TimeProvider clock, IAdmissionObjects? objects = null) : IValidatingAdmissionPlugin
{
    public string Name => "ResourceQuota";

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation is not ("CREATE" or "UPDATE") || a.Subresource.Length > 0 || a.Namespace.Length == 0
            || a.Object is null || a.DryRun || quotas() is not { } store)
        {
            return;
        }
        var def = a.Resource;
        // Only growth of pods' compute in place, services and claims is charged on update, as upstream's evaluators.
        if (a.Operation == "UPDATE" && !(def.Group.Length == 0 && def.Plural is "pods" or "services" or "persistentvolumeclaims"))
        {
            return;
        }
        var items = objects is null
            ? (await store.ListAsync(a.Namespace, new ListQuery(), cancellationToken)).Items
            : await objects.ListAsync("", "resourcequotas", a.Namespace, cancellationToken);
        if (items.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var oldObject = a.Operation == "UPDATE" ? a.OldObject : null;
        // Check every quota first so a refusal charges nothing, then charge each atomically.
        var charges = new List<(string Quota, Dictionary<string, Machinery.Quantities.Quantity> Charge)>();
        foreach (var quota in items.OrderBy(ObjectJson.Name, StringComparer.Ordinal))
        {
            var result = QuotaCheck.Evaluate(quota, def.Group, def.Plural, a.Object, oldObject, now);
            if (result.Failure is { } failure)
            {
                throw Forbidden(a, failure);
            }
            if (result.Charge.Count > 0)
            {
                charges.Add((ObjectJson.Name(quota), result.Charge));
            }
        }
        foreach (var (quota, _) in charges)
        {
            await store.UpdateAsync(a.Namespace, quota, current =>
            {
                // Re-evaluated against the stored quota on every attempt: a charge that raced ours is counted.
                var result = QuotaCheck.Evaluate(current, def.Group, def.Plural, a.Object, oldObject, now);
                if (result.Failure is { } failure)
                {
                    throw Forbidden(a, failure);
                }
                var status = current["status"] as JsonObject ?? [];
                status["used"] = ResourceList.ToJson(ResourceList.Add(ResourceList.Parse(status["used"]), result.Charge));
                current["status"] = status;
                ObjectJson.Metadata(current).Remove("resourceVersion");
                return current;
            }, UpdateTarget.Status, WriteOptions.Internal, cancellationToken);
        }
    }

    private static StatusException Forbidden(AdmissionAttributes a, string reason)
    {
        var name = ObjectJson.Name(a.Object!) is { Length: > 0 } n ? n : a.Name;
        var qualified = StatusException.Qualified(a.Resource.Group, a.Resource.Plural);
        var message = name.Length > 0 ? $"{qualified} \"{name}\" is forbidden: {reason}" : $"{qualified} is forbidden: {reason}";
        return new StatusException(403, "Forbidden", message)
        {
            DetailsName = name,
            DetailsGroup = a.Resource.Group,
            DetailsKind = a.Resource.Plural,
        };
    }
}
