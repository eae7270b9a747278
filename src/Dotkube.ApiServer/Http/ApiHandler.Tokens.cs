using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Routing;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>serviceaccounts/token (TokenRequest), TokenReview and SelfSubjectReview.</summary>
public sealed partial class ApiHandler
{
    private const long MinTokenSeconds = 600;
    private const long MaxTokenSeconds = 1L << 32;

    /// <summary>POST …/serviceaccounts/NAME/token: a bound token for the service account.</summary>
    private async Task CreateTokenAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns)
    {
        var issuer = Authentication.TokenIssuer ?? throw StatusException.ServiceUnavailable(
            "serviceaccounts/token is not available: the API server has no service account signing key");
        var request = RequestBody.DecodeObject(await RequestBody.ReadAsync(ctx, ctx.RequestAborted), ctx.Request.ContentType);
        var sa = await StoreFor(def).GetAsync(ns, info.Name, ctx.RequestAborted);
        var saUid = ObjectJson.GetString(ObjectJson.Metadata(sa), "uid") ?? "";
        var spec = request["spec"] as JsonObject ?? [];
        var expiration = ObjectJson.TryGetLong(spec["expirationSeconds"], out var e) ? e : 3600;
        var errors = new List<FieldError>();
        if (expiration < MinTokenSeconds)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expiration, "may not specify a duration less than 10 minutes"));
        }
        if (expiration > MaxTokenSeconds)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds"));
        }
        if (errors.Count > 0)
        {
            throw StatusException.Invalid("authentication.k8s.io", "TokenRequest", info.Name, errors);
        }
        if (issuer.Options.MaxExpiration is { } max && expiration > (long)max.TotalSeconds)
        {
            expiration = (long)max.TotalSeconds;
        }
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        if (audiences.Count == 0)
        {
            audiences = [.. Authentication.ApiAudiences];
        }
        var (bound, node) = await BoundObjectAsync(spec["boundObjectRef"] as JsonObject, ns, info.Name, ctx.RequestAborted);
        var (token, expiresAt) = issuer.IssueBound(ns, info.Name, saUid, audiences, expiration, bound, node);

        var outSpec = (JsonObject)spec.DeepClone();
        outSpec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)JsonValue.Create(a))]);
        outSpec["expirationSeconds"] = expiration;
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = info.Name,
                ["namespace"] = ns,
                ["creationTimestamp"] = Timestamp(clock.GetUtcNow()),
            },
            ["spec"] = outSpec,
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = Timestamp(expiresAt) },
        };
        await Responses.WriteJsonAsync(ctx, 201, response);
    }

    /// <summary>The object (Pod, Secret or Node) a token is bound to, and for a pod its node, checked against their uids.</summary>
    private async Task<(BoundObject? Bound, BoundObject? Node)> BoundObjectAsync(JsonObject? reference, string ns, string serviceAccount, CancellationToken ct)
    {
        if (reference is null)
        {
            return (null, null);
        }
        var kind = ObjectJson.GetString(reference, "kind") ?? "";
        var name = ObjectJson.GetString(reference, "name") ?? "";
        var uid = ObjectJson.GetString(reference, "uid") ?? "";
        var (resource, objNs) = kind switch
        {
            "Pod" => ("pods", ns),
            "Secret" => ("secrets", ns),
            "Node" => ("nodes", ""),
            _ => throw StatusException.BadRequest($"cannot bind token to object of type {kind}"),
        };
        var def = registry.Find("", "v1", resource) ?? throw StatusException.BadRequest($"cannot bind token to object of type {kind}");
        var obj = await StoreFor(def).GetAsync(objNs, name, ct);
        var actualUid = ObjectJson.GetString(ObjectJson.Metadata(obj), "uid") ?? "";
        if (uid.Length > 0 && uid != actualUid)
        {
            throw StatusException.Conflict("", kind, name,
                $"the UID in the bound object reference ({uid}) does not match the UID in record. The object might have been deleted and then recreated");
        }
        BoundObject? node = null;
        if (kind == "Pod")
        {
            var podSa = ObjectJson.GetString(obj["spec"] as JsonObject, "serviceAccountName") ?? "";
            if (podSa != serviceAccount)
            {
                throw StatusException.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to pod running with different serviceaccount name.");
            }
            if (ObjectJson.GetString(obj["spec"] as JsonObject, "nodeName") is { Length: > 0 } nodeName
                && registry.Find("", "v1", "nodes") is { } nodes
                && await StoreFor(nodes).TryGetAsync("", nodeName, ct) is { } nodeObj)
            {
                node = new BoundObject("Node", nodeName, ObjectJson.GetString(ObjectJson.Metadata(nodeObj), "uid") ?? "");
            }
        }
        return (new BoundObject(kind, name, actualUid), kind == "Node" ? null : node);
    }

    /// <summary>POST of a TokenReview or SelfSubjectReview: answered at once, never stored.</summary>
    private async Task CreateAuthenticationReviewAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, UserInfo user)
    {
        var body = await ReadObjectAsync(ctx, info, def);
        var result = new JsonObject
        {
            ["kind"] = def.Kind,
            ["apiVersion"] = def.GroupVersion(info.Version),
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        };
        if (def.Kind == "SelfSubjectReview")
        {
            result["status"] = new JsonObject { ["userInfo"] = UserInfoJson(user) };
            await Responses.WriteJsonAsync(ctx, 201, result);
            return;
        }
        var spec = body["spec"] as JsonObject ?? [];
        var token = ObjectJson.GetString(spec, "token") ?? "";
        if (token.Length == 0)
        {
            throw StatusException.BadRequest("token is required for TokenReview in authentication");
        }
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        result["spec"] = spec.DeepClone();
        var status = new JsonObject();
        var review = Authentication.Tokens is { } tokens
            ? await tokens.AuthenticateTokenAsync(token, audiences, ctx.RequestAborted)
            : TokenResult.Reject("no token authenticator is configured");
        if (review.User is { } reviewed)
        {
            status["authenticated"] = true;
            status["user"] = UserInfoJson(WithAuthenticatedGroup(reviewed));
            status["audiences"] = new JsonArray([.. review.Audiences.Select(a => (JsonNode)JsonValue.Create(a))]);
        }
        else
        {
            status["user"] = new JsonObject();
            status["error"] = review.Failure ?? "invalid bearer token";
        }
        result["status"] = status;
        await Responses.WriteJsonAsync(ctx, 201, result);
    }

    /// <summary>authentication.k8s.io/v1 UserInfo; empty uid and extra are omitted.</summary>
    private static JsonObject UserInfoJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            json["uid"] = user.Uid;
        }
        json["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g))]);
        if (user.Extra is { Count: > 0 } extra)
        {
            var e = new JsonObject();
            foreach (var (key, values) in extra)
            {
                e[key] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
            }
            json["extra"] = e;
        }
        return json;
    }

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
