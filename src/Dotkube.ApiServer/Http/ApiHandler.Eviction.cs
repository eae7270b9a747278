using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Policy;
using Dotkube.ApiServer.Routing;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

public sealed partial class ApiHandler
{
    private const int EvictionAttempts = 20;

    /// <summary>
    /// pods/eviction (policy/v1 or v1beta1 Eviction), as upstream's EvictionREST: a pod that cannot
    /// disrupt anything more (not running, or already going) is deleted outright; otherwise the one
    /// PodDisruptionBudget covering it must allow a disruption, which is spent (429 when none is
    /// left); the pod gets the DisruptionTarget condition and is deleted with the Eviction's
    /// deleteOptions. Answers 201 with a success Status.
    /// </summary>
    private async Task EvictAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        var bytes = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        var eviction = SubresourceBodies.Decode(ctx, bytes, SubresourceBodies.Eviction, "CreateOptions");
        if (ObjectJson.Name(eviction) != info.Name)
        {
            throw StatusException.BadRequest("name in URL does not match name in Eviction object");
        }
        var (request, dryRun) = EvictionDeleteOptions(eviction["deleteOptions"] as JsonObject, ctx);
        var podStore = StoreFor(def);
        var options = new WriteOptions(user, dryRun);
        var ct = ctx.RequestAborted;

        JsonObject pod;
        for (var attempt = 0; ; attempt++)
        {
            pod = await podStore.GetAsync(ns, info.Name, ct);
            if (!EvictionBudget.CanIgnoreBudget(pod))
            {
                break;
            }
            var direct = request;
            if (EvictionBudget.EnforceResourceVersion(pod) && string.IsNullOrEmpty(request.PreconditionResourceVersion))
            {
                direct = request with { PreconditionResourceVersion = ObjectJson.ResourceVersion(pod) };
            }
            try
            {
                await AddConditionAndDeleteAsync(podStore, ns, info.Name, direct, options, ct);
                await Responses.WriteJsonAsync(ctx, 201, Responses.SuccessStatus());
                return;
            }
            catch (StatusException e) when (e.Code == 409 && string.IsNullOrEmpty(request.PreconditionResourceVersion) && attempt < EvictionAttempts)
            {
                // The pod changed meanwhile: look at it again, unless the client fixed the version.
            }
        }

        var pdbDef = registry.Find("policy", "v1", "poddisruptionbudgets")
            ?? throw StatusException.Internal("poddisruptionbudgets.policy is not served");
        var pdbStore = StoreFor(pdbDef);
        var budgets = EvictionBudget.Matching((await pdbStore.ListAsync(ns, new ListQuery(), ct)).Items, pod);
        if (budgets.Count > 1)
        {
            throw StatusException.Internal("Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        var deleteRequest = request;
        if (budgets.Count == 1)
        {
            var pdb = budgets[0];
            if (EvictionBudget.UnhealthyPodMayGo(pod, pdb))
            {
                // The delete must fail if the pod became ready since this decision.
                if (string.IsNullOrEmpty(request.PreconditionResourceVersion))
                {
                    deleteRequest = request with { PreconditionResourceVersion = ObjectJson.ResourceVersion(pod) };
                }
            }
            else
            {
                var now = clock.GetUtcNow();
                // Spent on the stored budget inside the store's compare-and-swap loop, so two
                // evictions never both take the last allowed disruption.
                await pdbStore.UpdateAsync(ns, ObjectJson.Name(pdb), current =>
                {
                    EvictionBudget.CheckAndDecrement(current, info.Name, dryRun, now);
                    ObjectJson.Metadata(current).Remove("resourceVersion");
                    return current;
                }, UpdateTarget.Status, new WriteOptions(UserInfo.ApiServer, dryRun), ct);
            }
        }
        await AddConditionAndDeleteAsync(podStore, ns, info.Name, deleteRequest, options, ct);
        await Responses.WriteJsonAsync(ctx, 201, Responses.SuccessStatus());
    }

    /// <summary>
    /// Upstream's addConditionAndDeletePod: the DisruptionTarget condition (reason
    /// EvictionByEvictionAPI) on the latest pod, checked against the delete preconditions, then the
    /// delete — with the resourceVersion precondition moved to the condition's write, which is ours.
    /// </summary>
    private static async Task AddConditionAndDeleteAsync(GenericStore pods, string ns, string name, DeleteRequest request, WriteOptions options, CancellationToken ct)
    {
        if (!options.DryRun)
        {
            var updated = await pods.UpdateAsync(ns, name, current =>
            {
                if (request.PreconditionUid is { Length: > 0 } uid && uid != ObjectJson.Uid(current))
                {
                    throw StatusException.Conflict("", "pods", name,
                        $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectJson.Uid(current)}");
                }
                if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != ObjectJson.ResourceVersion(current))
                {
                    throw StatusException.Conflict("", "pods", name,
                        $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectJson.ResourceVersion(current)}");
                }
                SetDisruptionTarget(current);
                ObjectJson.Metadata(current).Remove("resourceVersion");
                return current;
            }, UpdateTarget.Status, options, ct);
            if (!string.IsNullOrEmpty(request.PreconditionResourceVersion))
            {
                request = request with { PreconditionResourceVersion = ObjectJson.ResourceVersion(updated) };
            }
        }
        await pods.DeleteAsync(ns, name, request, options, ct);
    }

    /// <summary>DisruptionTarget=True, EvictionByEvictionAPI; the transition time moves only on a change.</summary>
    private static void SetDisruptionTarget(JsonObject pod)
    {
        if (pod["status"] is not JsonObject status)
        {
            status = [];
            pod["status"] = status;
        }
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectJson.GetString(c, "type") == "DisruptionTarget");
        var now = ObjectJson.Timestamp(DateTimeOffset.UtcNow);
        if (existing is null)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = "DisruptionTarget",
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = now,
                ["reason"] = "EvictionByEvictionAPI",
                ["message"] = "Eviction API: evicting",
            });
            return;
        }
        if (ObjectJson.GetString(existing, "status") != "True")
        {
            existing["status"] = "True";
            existing["lastTransitionTime"] = now;
        }
        existing["reason"] = "EvictionByEvictionAPI";
        existing["message"] = "Eviction API: evicting";
    }

    /// <summary>The Eviction's deleteOptions, with dryRun from either them or the query (upstream's propagateDryRun).</summary>
    private static (DeleteRequest Request, bool DryRun) EvictionDeleteOptions(JsonObject? options, HttpContext ctx)
    {
        var dryRun = ParseDryRun(ctx.Request.Query["dryRun"], "CreateOptions");
        if (options is null)
        {
            return (new DeleteRequest(), dryRun);
        }
        long? grace = ObjectJson.TryGetLong(options["gracePeriodSeconds"], out var g) ? g : null;
        var propagation = ObjectJson.GetString(options, "propagationPolicy");
        if (propagation is not null and not ("Foreground" or "Background" or "Orphan"))
        {
            throw new StatusException(422, "Invalid",
                $"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        var pre = options["preconditions"] as JsonObject;
        if (options["dryRun"] is JsonArray dr && dr.Count > 0)
        {
            dryRun |= ParseDryRun(new Microsoft.Extensions.Primitives.StringValues(dr.Select(x => x?.ToString()).ToArray()), "DeleteOptions");
        }
        return (new DeleteRequest(grace, propagation, ObjectJson.GetString(pre, "uid"), ObjectJson.GetString(pre, "resourceVersion")), dryRun);
    }
}
