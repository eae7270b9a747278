using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Routing;
using Dotkube.Machinery.Apply;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>Server-side apply through <c>/scale</c>: an autoscaling/v1 Scale applied onto the parent's replicas.</summary>
public sealed partial class ApiHandler
{
    private static readonly TypeSchema ScaleSchema = TypeSchema.ForModel(typeof(k8s.Models.V1Scale));

    /// <summary>
    /// As upstream: the parent's owners of its replicas become owners of the Scale's
    /// <c>.spec.replicas</c>, the configuration is applied to the Scale (409 on conflicts unless
    /// forced), and ownership goes back to the parent (<see cref="ScaleManagedFields"/>), where the
    /// applier's entry says <c>subresource: scale</c>.
    /// </summary>
    private async Task ApplyScaleAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, byte[] body, WriteOptions options)
    {
        var query = ctx.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw StatusException.Invalid("meta.k8s.io", "PatchOptions", "", [FieldError.Required("fieldManager", "is required for apply patch")]);
        }
        var force = ParseForce(query["force"].ToString());
        var repeatedKeys = new List<string>();
        var config = DecodeApplyConfiguration(body, repeatedKeys);
        CheckScaleTypeMeta(config);
        var validator = FieldValidation.FieldValidator.FromRequest(ctx, "PatchOptions");
        var parentApiVersion = def.GroupVersion(info.Version);
        var replicasPath = def.Strategy is CustomResources.IScaleSubresource custom
            ? ScaleManagedFields.PathOf(custom.SpecReplicasPath)
            : FieldPath.Of("spec", "replicas");
        var scaleManager = new FieldManager(ScaleSchema, ScaleManagedFields.ScaleApiVersion, "scale", FieldSet.Empty);

        var stored = await StoreFor(def).UpdateAsync(ns, info.Name, current =>
        {
            var parentEntries = ManagedFieldsCodec.Decode(current["metadata"]?["managedFields"]);
            var scale = ScaleOf(def, (JsonObject)current.DeepClone());
            var scaleEntries = ScaleManagedFields.ToSubresource(parentEntries, replicasPath);
            if (scaleEntries.Count > 0)
            {
                ObjectJson.Metadata(scale)["managedFields"] = ManagedFieldsCodec.Encode(scaleEntries);
            }
            JsonObject applied;
            try
            {
                applied = scaleManager.Apply(scale, config, manager, force, clock.GetUtcNow());
            }
            catch (ApplyConflictException e)
            {
                throw e.ToStatus();
            }
            catch (ApplySchemaException e)
            {
                throw new StatusException(500, "", $"failed to create typed patch object ({ns}/{info.Name}; autoscaling/v1, Kind=Scale): {e.Message}");
            }
            validator.CheckApplyConfiguration(repeatedKeys);
            var after = ManagedFieldsCodec.Decode(applied["metadata"]?["managedFields"]);
            var result = WithReplicas(def, info, current, applied);
            ObjectJson.Metadata(result)["managedFields"] =
                ManagedFieldsCodec.Encode(ScaleManagedFields.ToParent(parentEntries, after, replicasPath, parentApiVersion));
            if (ObjectJson.ResourceVersion(config) is not { Length: > 0 })
            {
                ObjectJson.Metadata(result).Remove("resourceVersion");
            }
            return result;
        }, UpdateTarget.Main, options with { ManagedFieldsDone = true }, ctx.RequestAborted);
        await Responses.WriteJsonAsync(ctx, 200, ScaleOf(def, stored));
    }

    private static void CheckScaleTypeMeta(JsonObject config)
    {
        var apiVersion = ObjectJson.GetString(config, "apiVersion") ?? "";
        var kind = ObjectJson.GetString(config, "kind") ?? "";
        if (kind.Length == 0)
        {
            throw StatusException.BadRequest($"Object 'Kind' is missing in '{ObjectJson.ToJsonString(config)}'");
        }
        if (apiVersion != ScaleManagedFields.ScaleApiVersion)
        {
            throw StatusException.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {ScaleManagedFields.ScaleApiVersion}");
        }
        if (kind != "Scale")
        {
            throw StatusException.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a Scale: the object provided is unrecognized (must be of type Scale)");
        }
    }
}
