using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// X.509 client certificates: the user is the subject CN, the groups its O values. The TLS layer
/// accepts any certificate; the chain is verified here against the cluster CA only.
/// </summary>
public sealed class ClientCertificateAuthenticator(ClientCertificateAuthenticator.Verifier verify) : IAuthenticator
{
    /// <summary>Verifies a certificate chain to the trusted CA and extracts the identity.</summary>
    public delegate bool Verifier(X509Certificate2 certificate, out string user, out string[] groups);

    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var cert = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (cert is null)
        {
            return null;
        }
        if (!verify(cert, out var user, out var groups))
        {
            throw Machinery.Errors.StatusException.Unauthorized();
        }
        return new UserInfo(user, [.. groups, "system:authenticated"]);
    }
}
