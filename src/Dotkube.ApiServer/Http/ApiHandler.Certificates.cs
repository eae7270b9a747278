using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.ApiServer.Routing;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>certificatesigningrequests/approval, and the approve/sign checks on signer names.</summary>
public sealed partial class ApiHandler
{
    /// <summary>
    /// PUT …/approval replaces status.conditions only. Adding Approved or Denied needs the
    /// <c>approve</c> verb on <c>signers</c> named for the request's signer (CertificateApproval).
    /// </summary>
    private async Task UpdateApprovalAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, UserInfo user)
    {
        var body = await ReadObjectAsync(ctx, info, def);
        if (ObjectJson.Name(body) != info.Name)
        {
            throw StatusException.BadRequest($"the name of the object ({ObjectJson.Name(body)}) does not match the name on the URL ({info.Name})");
        }
        var options = WriteOptionsFor(ctx, user);
        var current = await StoreFor(def).GetAsync("", info.Name, ctx.RequestAborted);
        await CheckSignerVerbAsync(user, "approve", current, ctx.RequestAborted);
        var conditions = body["status"]?["conditions"]?.DeepClone() as JsonArray ?? [];
        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var c in conditions.OfType<JsonObject>())
        {
            c["lastUpdateTime"] ??= now;
            c["lastTransitionTime"] ??= now;
        }
        var precondition = ObjectJson.ResourceVersion(body);
        var stored = await StoreFor(def).UpdateAsync("", info.Name, obj =>
        {
            var status = obj["status"] as JsonObject ?? [];
            obj["status"] = status;
            status["conditions"] = conditions.DeepClone();
            var errors = CertificateSigningRequestValidation.ValidateConditions(obj);
            if (errors.Count > 0)
            {
                throw StatusException.Invalid(def.Group, def.Kind, info.Name, errors);
            }
            ObjectJson.Metadata(obj)["resourceVersion"] = string.IsNullOrEmpty(precondition) ? null : precondition;
            return obj;
        }, UpdateTarget.Subresource, options, ctx.RequestAborted);
        await Responses.WriteJsonAsync(ctx, 200, Served(stored, def, info));
    }

    /// <summary>
    /// Upstream's CertificateApproval and CertificateSigning admission: <paramref name="verb"/> on
    /// <c>signers</c> in certificates.k8s.io, named for the signer or its domain wildcard.
    /// </summary>
    private async Task CheckSignerVerbAsync(UserInfo user, string verb, JsonObject csr, CancellationToken ct)
    {
        var signer = csr["spec"]?["signerName"]?.GetValue<string>() ?? "";
        var names = new List<string> { signer };
        if (signer.IndexOf('/') is var slash and > 0)
        {
            names.Add(signer[..slash] + "/*");
        }
        foreach (var name in names)
        {
            var result = await CheckAuthorizationAsync(new AuthorizationAttributes(user, verb, true, "", CertificateSigningRequestResource.GroupName, "v1", "signers", "", "", name), ct);
            if (result.Decision == AuthorizationDecision.Allow)
            {
                return;
            }
        }
        var what = verb == "approve" ? "approve" : "sign";
        throw new StatusException(403, "Forbidden",
            $"certificatesigningrequests.certificates.k8s.io \"{ObjectJson.Name(csr)}\" is forbidden: user not permitted to {what} requests with signerName \"{signer}\"")
        {
            DetailsName = ObjectJson.Name(csr),
            DetailsGroup = CertificateSigningRequestResource.GroupName,
            DetailsKind = "certificatesigningrequests",
        };
    }
}
