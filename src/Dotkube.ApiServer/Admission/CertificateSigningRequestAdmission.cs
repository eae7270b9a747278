using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// New CertificateSigningRequests record who asked (spec.username, uid, groups, extra, as
/// upstream's strategy does), and CertificateSubjectRestriction refuses requests to the
/// kube-apiserver-client signer for the system:masters group. CertificateSigning: a /status write
/// that changes the certificate needs the <c>sign</c> verb on <c>signers</c> named for the signer
/// (or its domain wildcard), asked of <see cref="Authorize"/>.
/// </summary>
public sealed class CertificateSigningRequestAdmission : IValidatingAdmissionPlugin
{
    public string Name => "CertificateSigningRequest";

    public const string ClientSigner = "kubernetes.io/kube-apiserver-client";

    /// <summary>The authorizer chain; null (tests without a pipeline) allows.</summary>
    public Func<AuthorizationAttributes, CancellationToken, ValueTask<AuthorizationResult>>? Authorize { get; set; }

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Resource.Group != CertificateSigningRequestResource.GroupName || a.Resource.Plural != "certificatesigningrequests" || a.Object is not { } csr)
        {
            return;
        }
        if (a.Operation == "UPDATE" && a.Subresource == "status")
        {
            await CheckSignAsync(a, csr, cancellationToken);
            return;
        }
        if (a.Operation != "CREATE")
        {
            return;
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
    }

    private async Task CheckSignAsync(AdmissionAttributes a, JsonObject csr, CancellationToken ct)
    {
        if (Authorize is null || csr.Obj("status").Str("certificate") == a.OldObject?.Obj("status").Str("certificate"))
        {
            return;
        }
        var signer = csr.Obj("spec").StrOrEmpty("signerName");
        var names = new List<string> { signer };
        if (signer.IndexOf('/') is var slash and > 0)
        {
            names.Add(signer[..slash] + "/*");
        }
        foreach (var name in names)
        {
            var result = await Authorize(new AuthorizationAttributes(a.User, "sign", true, "", CertificateSigningRequestResource.GroupName, "v1", "signers", "", "", name), ct);
            if (result.Decision == AuthorizationDecision.Allow)
            {
                return;
            }
        }
        throw new StatusException(403, "Forbidden",
            $"certificatesigningrequests.certificates.k8s.io \"{a.Name}\" is forbidden: user not permitted to sign requests with signerName \"{signer}\"")
        {
            DetailsName = a.Name,
            DetailsGroup = CertificateSigningRequestResource.GroupName,
            DetailsKind = "certificatesigningrequests",
        };
    }
}
