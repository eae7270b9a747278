using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>What a webhook answered, read from its AdmissionReview.</summary>
public sealed record AdmissionResponse(
    bool Allowed,
    JsonObject? Status,
    JsonArray? Patch,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<string, string> AuditAnnotations);

/// <summary>
/// AdmissionReview (admission.k8s.io v1 and v1beta1, the same shape) as webhooks receive and
/// answer it. Objects are sent in the resource's storage version; <c>requestKind</c> and
/// <c>requestResource</c> name the version the client used.
/// </summary>
public static class AdmissionReview
{
    public static JsonObject Request(string reviewVersion, string uid, AdmissionAttributes a, string? requestVersion)
    {
        var def = a.Resource;
        var storageVersion = def.Versions[0];
        var requestedVersion = requestVersion ?? storageVersion;
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = Gvk(def.Group, storageVersion, KindOf(a)),
            ["resource"] = Gvr(def.Group, storageVersion, def.Plural),
            ["requestKind"] = Gvk(def.Group, requestedVersion, KindOf(a)),
            ["requestResource"] = Gvr(def.Group, requestedVersion, def.Plural),
        };
        if (a.Subresource.Length > 0)
        {
            request["subResource"] = a.Subresource;
            request["requestSubResource"] = a.Subresource;
        }
        if (a.Name.Length > 0)
        {
            request["name"] = a.Name;
        }
        if (a.Namespace.Length > 0)
        {
            request["namespace"] = a.Namespace;
        }
        request["operation"] = a.Operation;
        request["userInfo"] = UserInfo(a.User);
        request["object"] = a.Object?.DeepClone();
        request["oldObject"] = a.OldObject?.DeepClone();
        request["dryRun"] = a.DryRun;
        request["options"] = Options(a);
        return new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/" + reviewVersion,
            ["request"] = request,
        };
    }

    /// <summary>
    /// Reads the webhook's answer, refusing what upstream refuses: a v1 review must come back as
    /// v1 AdmissionReview, and the response must carry the request's uid.
    /// </summary>
    public static AdmissionResponse ParseResponse(JsonNode? body, string reviewVersion, string uid)
    {
        if (body is not JsonObject review)
        {
            throw new WebhookCallException("the response is not a JSON object");
        }
        if (reviewVersion == "v1")
        {
            var apiVersion = review.StrOrEmpty("apiVersion");
            var kind = review.StrOrEmpty("kind");
            if (apiVersion != "admission.k8s.io/v1" || kind != "AdmissionReview")
            {
                throw new WebhookCallException($"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {apiVersion}, Kind={kind}");
            }
        }
        if (review.Obj("response") is not { } response)
        {
            throw new WebhookCallException("webhook response was absent");
        }
        var gotUid = response.StrOrEmpty("uid");
        if (reviewVersion == "v1" && gotUid != uid)
        {
            throw new WebhookCallException($"expected response.uid=\"{uid}\", got \"{gotUid}\"");
        }
        JsonArray? patch = null;
        if (response.Str("patch") is { Length: > 0 } encoded)
        {
            var patchType = response.StrOrEmpty("patchType");
            if (reviewVersion == "v1" && patchType.Length == 0)
            {
                throw new WebhookCallException("webhook returned response.patch but not response.patchType");
            }
            if (patchType.Length > 0 && patchType != "JSONPatch")
            {
                throw new WebhookCallException($"webhook returned invalid response.patchType of \"{patchType}\"");
            }
            try
            {
                patch = JsonNode.Parse(Convert.FromBase64String(encoded)) as JsonArray
                    ?? throw new WebhookCallException("the patch is not a JSON array");
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new WebhookCallException($"the patch could not be decoded: {e.Message}");
            }
        }
        var audit = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in response.Obj("auditAnnotations") ?? [])
        {
            audit[key] = JsonFields.AsString(value) ?? "";
        }
        return new AdmissionResponse(
            response.Bool("allowed") ?? false,
            response.Obj("status"),
            patch,
            [.. response.Arr("warnings").Strings()],
            audit);
    }

    private static string KindOf(AdmissionAttributes a) =>
        a.Object?.Str("kind") ?? a.OldObject?.Str("kind") ?? a.Resource.Kind;

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonObject Gvr(string group, string version, string resource) =>
        new() { ["group"] = group, ["version"] = version, ["resource"] = resource };

    private static JsonObject UserInfo(Authentication.UserInfo user)
    {
        var info = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            info["uid"] = user.Uid;
        }
        if (user.Groups.Count > 0)
        {
            info["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g))]);
        }
        if (user.Extra is { Count: > 0 } extra)
        {
            info["extra"] = new JsonObject(extra.Select(kv => KeyValuePair.Create(kv.Key,
                (JsonNode?)new JsonArray([.. kv.Value.Select(v => (JsonNode)JsonValue.Create(v))]))));
        }
        return info;
    }

    /// <summary>The operation's options object (CreateOptions, UpdateOptions, DeleteOptions), as far as admission knows them.</summary>
    private static JsonObject? Options(AdmissionAttributes a)
    {
        var kind = a.Operation switch
        {
            "CREATE" => "CreateOptions",
            "UPDATE" => "UpdateOptions",
            "DELETE" => "DeleteOptions",
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }
        var options = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (a.DryRun)
        {
            options["dryRun"] = new JsonArray("All");
        }
        return options;
    }
}
