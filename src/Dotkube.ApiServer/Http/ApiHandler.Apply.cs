using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Routing;
using Dotkube.Machinery.Apply;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>Server-side apply: PATCH with <c>application/apply-patch+yaml</c>.</summary>
public sealed partial class ApiHandler
{
    private async Task ApplyAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user, UpdateTarget target)
    {
        var shape = Negotiate(ctx);
        var query = ctx.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw StatusException.Invalid("meta.k8s.io", "PatchOptions", "", [FieldError.Required("fieldManager", "is required for apply patch")]);
        }
        var force = ParseForce(query["force"].ToString());
        var options = WriteOptionsFor(ctx, user, def.GroupVersion(info.Version)) with { ManagedFieldsDone = true };
        var body = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        var repeatedKeys = new List<string>();
        var config = DecodeApplyConfiguration(body, repeatedKeys);
        CheckApplyTypeMeta(config, def, info);
        var subresource = target == UpdateTarget.Status ? "status" : "";
        var fieldManager = ManagedFieldsTracking.ManagerFor(def, info.Version, subresource);
        var validator = FieldValidation.FieldValidator.FromRequest(ctx, "PatchOptions");
        var validation = validator.ForPatch(MediaTypes.ApplyPatch, body);
        var configSetsRv = ObjectJson.ResourceVersion(config) is { Length: > 0 };

        JsonObject ApplyTo(JsonObject served)
        {
            JsonObject result;
            try
            {
                result = fieldManager.Apply(served, config, manager, force, clock.GetUtcNow());
            }
            catch (ApplyConflictException e)
            {
                throw e.ToStatus();
            }
            catch (ApplySchemaException e)
            {
                var gvk = $"{def.GroupVersion(info.Version)}, Kind={def.Kind}";
                gvk = def.Group.Length == 0 ? "/" + gvk : gvk;
                // Upstream's field manager fails with a plain error: a 500 Status without a reason
                // (kubectl: "Error from server: failed to create typed patch object ...").
                throw new StatusException(500, "", $"failed to create typed patch object ({ns}/{info.Name}; {gvk}): {e.Message}");
            }
            validator.CheckApplyConfiguration(repeatedKeys);
            validation.CheckResult(result, def, info.Version);
            if (ObjectJson.Name(result) != info.Name)
            {
                throw StatusException.BadRequest($"the name of the object ({ObjectJson.Name(result)}) does not match the name on the URL ({info.Name})");
            }
            if (!configSetsRv)
            {
                ObjectJson.Metadata(result).Remove("resourceVersion");
            }
            return result;
        }

        var store = StoreFor(def);
        for (var attempt = 0; ; attempt++)
        {
            if (await store.TryGetAsync(ns, info.Name, ctx.RequestAborted) is null)
            {
                if (target != UpdateTarget.Main)
                {
                    throw StatusException.NotFound(def.Group, def.Plural, info.Name);
                }
                // Apply creates what is not there yet: the configuration applied to an empty object.
                var empty = new JsonObject { ["apiVersion"] = def.GroupVersion(info.Version), ["kind"] = def.Kind, ["metadata"] = new JsonObject() };
                var created = ApplyTo(empty);
                if (def.Namespaced)
                {
                    ObjectJson.Metadata(created)["namespace"] = ns;
                }
                try
                {
                    var stored = await store.CreateAsync(ns, VersionBridge.ToStorage(created, def), options, ctx.RequestAborted);
                    await Responses.WriteObjectAsync(ctx, 201, Served(stored, def, info), shape, def, clock.GetUtcNow());
                    return;
                }
                catch (StatusException e) when (e.Reason == "AlreadyExists" && attempt < 3)
                {
                    // Someone created it meanwhile: apply to theirs.
                    continue;
                }
            }
            try
            {
                var stored = await store.UpdateAsync(ns, info.Name, current => VersionBridge.ToStorage(ApplyTo(Served(current, def, info)), def),
                    target, options, ctx.RequestAborted);
                await Responses.WriteObjectAsync(ctx, 200, Served(stored, def, info), shape, def, clock.GetUtcNow());
                return;
            }
            catch (StatusException e) when (e.Code == 404 && e.Reason == "NotFound" && attempt < 3 && target == UpdateTarget.Main)
            {
                // Deleted meanwhile: create it.
            }
        }
    }

    private static bool ParseForce(string value) => value switch
    {
        "" or "false" or "False" or "FALSE" or "0" or "f" or "F" => false,
        "true" or "True" or "TRUE" or "1" or "t" or "T" => true,
        _ => throw StatusException.BadRequest($"force: invalid value \"{value}\""),
    };

    /// <summary>The body of an apply: YAML or JSON (JSON is YAML), one object.</summary>
    private static JsonObject DecodeApplyConfiguration(byte[] body, List<string> repeatedKeys)
    {
        var node = RequestBody.DecodeYaml(body, repeatedKeys);
        return node as JsonObject ?? throw StatusException.BadRequest("error decoding YAML: the applied configuration must be an object");
    }

    private static void CheckApplyTypeMeta(JsonObject config, ResourceDefinition def, RequestInfo info)
    {
        var apiVersion = ObjectJson.GetString(config, "apiVersion") ?? "";
        var kind = ObjectJson.GetString(config, "kind") ?? "";
        if (kind.Length == 0)
        {
            throw StatusException.BadRequest($"Object 'Kind' is missing in '{ObjectJson.ToJsonString(config)}'");
        }
        var expected = def.GroupVersion(info.Version);
        if (apiVersion != expected)
        {
            throw StatusException.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {expected}");
        }
        if (kind != def.Kind)
        {
            throw StatusException.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a {def.Kind}: the object provided is unrecognized (must be of type {def.Kind})");
        }
        if (config["metadata"] is { } m && m is not JsonObject)
        {
            throw StatusException.BadRequest("metadata must be an object");
        }
    }
}
