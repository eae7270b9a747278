using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// New CertificateSigningRequests record who asked (spec.username, uid, groups, extra, as
/// upstream's strategy does), and CertificateSubjectRestriction refuses requests to the
/// kube-apiserver-client signer for the system:masters group.
/// </summary>
public sealed class CertificateSigningRequestAdmission : IAdmissionPlugin
{
    public const string ClientSigner = "kubernetes.io/kube-apiserver-client";

    public ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.Resource.Group != CertificateSigningRequestResource.GroupName
            || a.Resource.Plural != "certificatesigningrequests" || a.Object is not { } csr)
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
        if (spec.StrOrEmpty("signerName") == ClientSigner
            && CertificateSigningRequestValidation.ParseRequest(csr, out _) is { } request
            && request.SubjectName.EnumerateRelativeDistinguishedNames()
                .Any(r => r.GetSingleElementType().Value == "2.5.4.10" && r.GetSingleElementValue() == "system:masters"))
        {
            throw new StatusException(403, "Forbidden",
                $"certificatesigningrequests.certificates.k8s.io \"{a.Name}\" is forbidden: use of {ClientSigner} signer with system:masters group is not allowed")
            {
                DetailsName = a.Name,
                DetailsGroup = CertificateSigningRequestResource.GroupName,
                DetailsKind = "certificatesigningrequests",
            };
        }
        return ValueTask.CompletedTask;
    }
}
