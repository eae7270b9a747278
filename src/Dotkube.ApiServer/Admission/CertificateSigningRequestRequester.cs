using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// New CertificateSigningRequests record who asked: spec.username, uid, groups and extra, as
/// upstream's CSR strategy does before admission. Not an admission plugin upstream, so always on.
/// </summary>
public sealed class CertificateSigningRequestRequester : IMutatingAdmissionPlugin
{
    public string Name => "CertificateSigningRequestRequester";

    public ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!SignerAuthorization.IsCsr(a) || a.Operation != "CREATE" || a.Subresource.Length > 0 || a.Object is not { } csr)
        {
            return ValueTask.CompletedTask;
        }
        var spec = csr.EnsureObj("spec");
        spec["username"] = a.User.Name;
        spec.Remove("uid");
        if (a.User.Uid.Length > 0)
        {
            spec["uid"] = a.User.Uid;
        }
        spec["groups"] = new JsonArray([.. a.User.Groups.Select(g => (JsonNode)JsonValue.Create(g))]);
        spec.Remove("extra");
        if (a.User.Extra is { Count: > 0 } extra)
        {
            spec["extra"] = new JsonObject(extra.Select(kv => KeyValuePair.Create(kv.Key,
                (JsonNode?)new JsonArray([.. kv.Value.Select(v => (JsonNode)JsonValue.Create(v))]))));
        }
        return ValueTask.CompletedTask;
    }
}
