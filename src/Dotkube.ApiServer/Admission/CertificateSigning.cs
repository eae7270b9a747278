using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's CertificateSigning: a /status write that changes status.certificate needs the
/// <c>sign</c> verb on the request's signer.
/// </summary>
public sealed class CertificateSigning(Func<AuthorizationAttributes, CancellationToken, ValueTask<AuthorizationResult>>? authorize) : IValidatingAdmissionPlugin
{
    public string Name => "CertificateSigning";

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (!SignerAuthorization.IsCsr(a) || a.Operation != "UPDATE" || a.Subresource != "status" || a.Object is not { } csr || a.OldObject is not { } old)
        {
            return;
        }
        if (csr.Obj("status").Str("certificate") == old.Obj("status").Str("certificate"))
        {
            return;
        }
        // Upstream checks the signer the request was made for: the old object's.
        await SignerAuthorization.CheckAsync(authorize, a.User, "sign", AdmissionErrors.NameOf(a), old, cancellationToken);
    }
}
