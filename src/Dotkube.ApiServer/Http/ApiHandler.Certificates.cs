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
    /// PUT …/approval replaces status.conditions only; admission sees it as the "approval"
    /// subresource (CertificateApproval needs the <c>approve</c> verb on the request's signer).
    /// </summary>
    private async Task UpdateApprovalAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, UserInfo user)
    {
        var body = await ReadObjectAsync(ctx, info, def);
        if (ObjectJson.Name(body) != info.Name)
        {
            throw StatusException.BadRequest($"the name of the object ({ObjectJson.Name(body)}) does not match the name on the URL ({info.Name})");
        }
        // The CertificateApproval admission plugin checks the approve verb on the signer.
        var options = WriteOptionsFor(ctx, user) with { Subresource = "approval" };
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
}
