using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// The check CertificateApproval and CertificateSigning share: the user needs <c>verb</c> on
/// <c>signers</c> in certificates.k8s.io, named for the signer or for its domain wildcard
/// (<c>example.com/*</c>).
/// </summary>
internal static class SignerAuthorization
{
    public static async Task CheckAsync(
        Func<AuthorizationAttributes, CancellationToken, ValueTask<AuthorizationResult>>? authorize,
        UserInfo user, string verb, string csrName, JsonObject csr, CancellationToken ct)
    {
        if (authorize is null)
        {
            // A host without a pipeline (unit tests of other plugins) allows.
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
            var result = await authorize(new AuthorizationAttributes(user, verb, true, "", CertificateSigningRequestResource.GroupName, "v1", "signers", "", "", name), ct);
            if (result.Decision == AuthorizationDecision.Allow)
            {
                return;
            }
        }
        throw AdmissionErrors.Forbidden(CertificateSigningRequestResource.GroupName, "certificatesigningrequests", csrName,
            $"user not permitted to {verb} requests with signerName \"{signer}\"");
    }

    public static bool IsCsr(AdmissionAttributes a) =>
        a.Resource.Group == CertificateSigningRequestResource.GroupName && a.Resource.Plural == "certificatesigningrequests";
}
