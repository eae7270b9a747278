using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's CertificateSubjectRestriction: a new request to the kube-apiserver-client signer
/// may not ask for the system:masters group (organization).
/// </summary>
public sealed class CertificateSubjectRestriction : IValidatingAdmissionPlugin
{
    public string Name => "CertificateSubjectRestriction";

    public const string ClientSigner = "kubernetes.io/kube-apiserver-client";

    public ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!SignerAuthorization.IsCsr(a) || a.Operation != "CREATE" || a.Subresource.Length > 0 || a.Object is not { } csr)
        {
            return ValueTask.CompletedTask;
        }
        if (csr.Obj("spec").StrOrEmpty("signerName") == ClientSigner
            && CertificateSigningRequestValidation.ParseRequest(csr, out _) is { } request
            && request.SubjectName.EnumerateRelativeDistinguishedNames()
                .Any(r => r.GetSingleElementType().Value == "2.5.4.10" && r.GetSingleElementValue() == "system:masters"))
        {
            throw AdmissionErrors.Forbidden(a, $"use of {ClientSigner} signer with system:masters group is not allowed");
        }
        return ValueTask.CompletedTask;
    }
}
