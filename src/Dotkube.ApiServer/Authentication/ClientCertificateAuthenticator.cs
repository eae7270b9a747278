using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// X.509 client certificates: the user is the subject CN, the groups its O values. The TLS layer
/// accepts any certificate; the chain is verified here against the cluster CA only, once per
/// connection (a TLS connection's client certificate cannot change, and a chain build costs
/// about 200 µs), and again after the certificate expires.
/// </summary>
public sealed class ClientCertificateAuthenticator(ClientCertificateAuthenticator.Verifier verify) : IAuthenticator
{
    /// <summary>Verifies a certificate chain to the trusted CA and extracts the identity, or says why not.</summary>
    public delegate bool Verifier(X509Certificate2 certificate, out string user, out string[] groups, out string? failure);

    private static readonly object CacheKey = new();

    private sealed record Verified(X509Certificate2 Certificate, UserInfo User);

    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var cert = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (cert is null)
        {
            return null;
        }
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(CacheKey, out var cached) && cached is Verified v
            && ReferenceEquals(v.Certificate, cert) && DateTime.Now < cert.NotAfter)
        {
            return v.User;
        }
        if (!verify(cert, out var user, out var groups, out var failure))
        {
            throw new AuthenticationException($"x509: {failure ?? "the client certificate is not trusted"}");
        }
        var info = new UserInfo(user, groups);
        if (items is not null)
        {
            items[CacheKey] = new Verified(cert, info);
        }
        return info;
    }
}
