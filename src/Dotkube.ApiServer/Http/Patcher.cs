using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Patching;

namespace Dotkube.ApiServer.Http;

/// <summary>Applies one PATCH body of a given media type to the current object (in the served version).</summary>
public abstract class Patcher
{
    /// <summary>True when the patch itself sets metadata.resourceVersion (an optimistic-lock precondition).</summary>
    public bool SetsResourceVersion { get; protected set; }

    public abstract JsonObject Apply(JsonObject current);

    public static Patcher For(string contentType, byte[] body, ResourceDefinition def, string version)
    {
        switch (contentType)
        {
            case MediaTypes.JsonPatch:
                {
                    var ops = RequestBody.DecodeJson(body) as JsonArray
                        ?? throw StatusException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
                    return new JsonPatcher(ops);
                }
            case MediaTypes.MergePatch:
                return new MergePatcher(DecodePatchObject(body));
            case MediaTypes.StrategicMergePatch:
                {
                    if (!def.ModelTypes.TryGetValue(version, out var model))
                    {
                        // Upstream refuses strategic merge for types without Go struct tags (custom resources).
                        throw StatusException.UnsupportedMediaType(
                            $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                    }
                    return new StrategicPatcher(DecodePatchObject(body), model);
                }
            case MediaTypes.ApplyPatch:
                throw StatusException.UnsupportedMediaType(
                    "server-side apply (application/apply-patch+yaml) is not supported by dotkube yet; use client-side kubectl apply");
            default:
                throw StatusException.UnsupportedMediaType(
                    $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }
    }

    private static JsonObject DecodePatchObject(byte[] body) =>
        RequestBody.DecodeJson(body) as JsonObject
        ?? throw StatusException.BadRequest("error decoding patch: the patch must be a JSON object");

    private static bool PatchSetsRv(JsonObject patch) =>
        patch["metadata"] is JsonObject m && m["resourceVersion"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0;

    private sealed class JsonPatcher(JsonArray ops) : Patcher
    {
        public override JsonObject Apply(JsonObject current)
        {
            var result = JsonPatch.Apply(current, ops) as JsonObject
                ?? throw StatusException.BadRequest("the patch produced something other than an object");
            // A json patch that tests or replaces resourceVersion makes it a precondition.
            SetsResourceVersion = ops.Any(op => op is JsonObject o && ObjectJson.GetString(o, "path") == "/metadata/resourceVersion");
            return result;
        }
    }

    private sealed class MergePatcher : Patcher
    {
        private readonly JsonObject patch;

        public MergePatcher(JsonObject patch)
        {
            this.patch = patch;
            SetsResourceVersion = PatchSetsRv(patch);
        }

        public override JsonObject Apply(JsonObject current) =>
            MergePatch.Apply(current, patch) as JsonObject ?? throw StatusException.BadRequest("the patch produced something other than an object");
    }

    private sealed class StrategicPatcher : Patcher
    {
        private readonly JsonObject patch;
        private readonly Type model;

        public StrategicPatcher(JsonObject patch, Type model)
        {
            this.patch = patch;
            this.model = model;
            SetsResourceVersion = PatchSetsRv(patch);
        }

        public override JsonObject Apply(JsonObject current) => StrategicMergePatch.Apply(current, patch, model);
    }
}
