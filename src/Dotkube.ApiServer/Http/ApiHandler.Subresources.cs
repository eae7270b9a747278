using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Routing;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Selectors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

public sealed partial class ApiHandler
{
    /// <summary>Subresources whose feature arrives with a later part of dotkube, and which part.</summary>
    private static readonly Dictionary<string, string> Unavailable = new()
    {
        ["log"] = "the node agent",
        ["exec"] = "the node agent",
        ["attach"] = "the node agent",
        ["portforward"] = "the node agent",
        ["proxy"] = "the node agent",
        ["ephemeralcontainers"] = "the node agent",
        ["resize"] = "the node agent",
    };

    private async Task HandleSubresourceAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        var sub = info.Subresource.Split('/')[0];
        if (!def.Subresources.Contains(sub))
        {
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }
        switch (sub, info.Verb)
        {
            case ("status", "get"):
                await GetAsync(ctx, info, def, ns);
                return;
            case ("status", "update"):
                await UpdateAsync(ctx, info, def, ns, user, UpdateTarget.Status);
                return;
            case ("status", "patch"):
                await PatchAsync(ctx, info, def, ns, user, UpdateTarget.Status);
                return;
            case ("finalize", "update") when def.Group.Length == 0 && def.Plural == "namespaces":
                await FinalizeNamespaceAsync(ctx, info, def, user);
                return;
            case ("scale", "get"):
                await Responses.WriteJsonAsync(ctx, 200, ScaleOf(def, await StoreFor(def).GetAsync(ns, info.Name, ctx.RequestAborted)));
                return;
            case ("scale", "update" or "patch"):
                await UpdateScaleAsync(ctx, info, def, ns, user);
                return;
            case ("token", "create") when def.Group.Length == 0 && def.Plural == "serviceaccounts":
                await CreateTokenAsync(ctx, info, def, ns);
                return;
            case ("approval", "get") when def.Plural == "certificatesigningrequests":
                await GetAsync(ctx, info, def, ns);
                return;
            case ("approval", "update" or "patch") when def.Plural == "certificatesigningrequests":
                await UpdateApprovalAsync(ctx, info, def, user);
                return;
            case ("eviction", "create") when def.Group.Length == 0 && def.Plural == "pods":
                await EvictAsync(ctx, info, def, ns, user);
                return;
            case ("binding", "create") when def.Plural == "pods":
                await BindAsync(ctx, info, def, ns, user);
                return;
        }
        if (Unavailable.TryGetValue(sub, out var arrivesWith))
        {
            throw StatusException.ServiceUnavailable(
                $"{def.Plural}/{sub} is not available in this version of dotkube: it arrives with {arrivesWith}");
        }
        throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
    }

    /// <summary>namespaces/finalize replaces spec.finalizers only; an empty list lets deletion finish.</summary>
    private async Task FinalizeNamespaceAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, UserInfo user)
    {
        var body = await ReadObjectAsync(ctx, info, def);
        var options = WriteOptionsFor(ctx, user);
        var finalizers = body["spec"]?["finalizers"]?.DeepClone();
        var stored = await StoreFor(def).UpdateAsync("", info.Name, current =>
        {
            if (current["spec"] is not JsonObject spec)
            {
                spec = new JsonObject();
                current["spec"] = spec;
            }
            spec["finalizers"] = finalizers?.DeepClone() ?? new JsonArray();
            ObjectJson.Metadata(current).Remove("resourceVersion");
            return current;
        }, UpdateTarget.Subresource, options, ctx.RequestAborted);
        await Responses.WriteJsonAsync(ctx, 200, Served(stored, def, info));
    }

    /// <summary>The Scale of an object: custom resources say where their replicas live.</summary>
    private static JsonObject ScaleOf(ResourceDefinition def, JsonObject obj) =>
        def.Strategy is CustomResources.IScaleSubresource custom ? custom.ToScale(obj) : ToScale(obj);

    /// <summary>The autoscaling/v1 Scale view of a scalable object.</summary>
    private static JsonObject ToScale(JsonObject obj)
    {
        var meta = ObjectJson.Metadata(obj);
        var scaleMeta = new JsonObject();
        foreach (var f in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[f] is { } v)
            {
                scaleMeta[f] = v.DeepClone();
            }
        }
        var specReplicas = ObjectJson.TryGetLong(obj["spec"]?["replicas"], out var r) ? r : 1;
        var statusReplicas = ObjectJson.TryGetLong(obj["status"]?["replicas"], out var s) ? s : 0;
        var status = new JsonObject { ["replicas"] = statusReplicas };
        var selector = SelectorString(obj["spec"]?["selector"]);
        if (selector.Length > 0)
        {
            status["selector"] = selector;
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = specReplicas },
            ["status"] = status,
        };
    }

    private static string SelectorString(JsonNode? selector)
    {
        if (selector is not JsonObject sel)
        {
            return "";
        }
        if (sel.ContainsKey("matchLabels") || sel.ContainsKey("matchExpressions"))
        {
            return LabelSelector.FromJson(sel).ToString();
        }
        // ReplicationControllers select with a plain map.
        return string.Join(",", sel.Where(kv => kv.Value is JsonValue).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private async Task UpdateScaleAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        // Scale writes are recorded on the parent, under the parent's apiVersion, as subresource "scale".
        var options = WriteOptionsFor(ctx, user, def.GroupVersion(info.Version)) with { Subresource = "scale" };
        var bytes = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        var contentType = MediaTypes.Essence(ctx.Request.ContentType);
        if (info.Verb == "patch" && contentType == MediaTypes.ApplyPatch)
        {
            await ApplyScaleAsync(ctx, info, def, ns, bytes, options);
            return;
        }
        JsonObject? updateBody = null;
        Patcher? patcher = null;
        FieldValidation.PatchValidation? patchValidation = null;
        if (info.Verb == "patch")
        {
            patcher = Patcher.For(contentType, bytes, SubresourceBodies.Scale, "v1");
            patchValidation = FieldValidation.FieldValidator.FromRequest(ctx, "PatchOptions").ForPatch(contentType, bytes);
        }
        else
        {
            updateBody = SubresourceBodies.Decode(ctx, bytes, SubresourceBodies.Scale, "UpdateOptions");
        }
        var stored = await StoreFor(def).UpdateAsync(ns, info.Name, current =>
        {
            var scale = ScaleOf(def, (JsonObject)current.DeepClone());
            JsonObject desired;
            if (patcher is not null)
            {
                desired = patcher.Apply(scale);
                patchValidation!.CheckResult(desired, SubresourceBodies.Scale, "v1");
                if (!patcher.SetsResourceVersion)
                {
                    ObjectJson.Metadata(desired).Remove("resourceVersion");
                }
            }
            else
            {
                desired = (JsonObject)updateBody!.DeepClone();
            }
            return WithReplicas(def, info, current, desired);
        }, UpdateTarget.Main, options, ctx.RequestAborted);
        await Responses.WriteJsonAsync(ctx, 200, ScaleOf(def, stored));
    }

    /// <summary>The parent with the Scale's spec.replicas (checked as upstream validates a Scale) and its resourceVersion precondition.</summary>
    private static JsonObject WithReplicas(ResourceDefinition def, RequestInfo info, JsonObject current, JsonObject desired)
    {
        var replicas = desired["spec"]?["replicas"];
        if (!ObjectJson.TryGetLong(replicas, out var n))
        {
            throw StatusException.Invalid("autoscaling", "Scale", info.Name,
                [Machinery.Validation.FieldError.Required("spec.replicas")]);
        }
        if (n < 0)
        {
            throw StatusException.Invalid("autoscaling", "Scale", info.Name,
                [Machinery.Validation.FieldError.Invalid("spec.replicas", n, "must be greater than or equal to 0")]);
        }
        if (def.Strategy is CustomResources.IScaleSubresource custom)
        {
            custom.SetReplicas(current, n);
        }
        else
        {
            if (current["spec"] is not JsonObject spec)
            {
                spec = new JsonObject();
                current["spec"] = spec;
            }
            spec["replicas"] = n;
        }
        var precondition = ObjectJson.ResourceVersion(desired);
        ObjectJson.Metadata(current)["resourceVersion"] = string.IsNullOrEmpty(precondition) ? null : precondition;
        return current;
    }

    /// <summary>pods/binding: assigns a node once; a second binding is a conflict.</summary>
    private async Task BindAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        var options = WriteOptionsFor(ctx, user);
        var bytes = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        var binding = SubresourceBodies.Decode(ctx, bytes, SubresourceBodies.Binding, "CreateOptions");
        var node = ObjectJson.GetString(binding["target"], "name");
        if (string.IsNullOrEmpty(node))
        {
            throw StatusException.Invalid("", "Binding", info.Name, [Machinery.Validation.FieldError.Required("target.name")]);
        }
        await StoreFor(def).UpdateAsync(ns, info.Name, current =>
        {
            if (ObjectJson.IsDeleting(current))
            {
                throw StatusException.Conflict("", "pods", info.Name, "pod is being deleted, cannot be assigned to a host");
            }
            if (current["spec"]?["nodeName"] is JsonValue existing && existing.GetValue<string>() is { Length: > 0 } assigned)
            {
                throw StatusException.Conflict("", "pods", info.Name, $"pod {info.Name} is already assigned to node \"{assigned}\"");
            }
            if (current["spec"] is JsonObject spec)
            {
                spec["nodeName"] = node;
            }
            ObjectJson.Metadata(current).Remove("resourceVersion");
            return current;
        }, UpdateTarget.Subresource, options, ctx.RequestAborted);
        await Responses.WriteJsonAsync(ctx, 201, Responses.SuccessStatus());
    }
}
