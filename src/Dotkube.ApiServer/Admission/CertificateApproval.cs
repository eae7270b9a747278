using Dotkube.ApiServer.Authorization;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's CertificateApproval: a write to certificatesigningrequests/approval needs the
/// <c>approve</c> verb on the request's (new) signer.
/// </summary>
public sealed class CertificateApproval(Func<AuthorizationAttributes, CancellationToken, ValueTask<AuthorizationResult>>? authorize) : IValidatingAdmissionPlugin
{
    public string Name => "CertificateApproval";

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!SignerAuthorization.IsCsr(a) || a.Operation != "UPDATE" || a.Subresource != "approval" || a.Object is not { } csr)
        {
            return;
        }
        await SignerAuthorization.CheckAsync(authorize, a.User, "approve", AdmissionErrors.NameOf(a), csr, cancellationToken);
    }
}
