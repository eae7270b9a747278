using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Controllers.Certificates;

/// <summary>What a signed certificate carries: the request's subject, key and alternative names, the usages and the validity window.</summary>
public sealed record CertificateTemplate(
    X500DistinguishedName Subject,
    PublicKey PublicKey,
    X509Extension? SubjectAltNames,
    X509KeyUsageFlags KeyUsage,
    IReadOnlyList<Oid> ExtendedKeyUsages,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);

/// <summary>Signs a template with a CA key (a certificate without its private key comes back).</summary>
public delegate X509Certificate2 CertificateSigner(CertificateTemplate template);

/// <summary>A CA that signs for the csrsigning controller, and when it expires: nothing it signs outlives it.</summary>
public sealed record SigningAuthority(CertificateSigner Sign, DateTimeOffset NotAfter)
{
    /// <summary>
    /// Signs with <paramref name="caWithKey"/> (ECDSA or RSA key) as upstream's CertificateAuthority
    /// does: no extension of the request is copied, only its names; basic constraints CA:false;
    /// key usage and extended key usage from spec.usages; a random positive 128-bit serial.
    /// </summary>
    public static SigningAuthority From(X509Certificate2 caWithKey) => new(t => SignWith(caWithKey, t), caWithKey.NotAfter.ToUniversalTime());

    private static X509Certificate2 SignWith(X509Certificate2 ca, CertificateTemplate t)
    {
        var request = new CertificateRequest(t.Subject, t.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        if (t.KeyUsage != X509KeyUsageFlags.None)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(t.KeyUsage, critical: true));
        }
        if (t.ExtendedKeyUsages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var oid in t.ExtendedKeyUsages)
            {
                oids.Add(oid);
            }
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }
        if (ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any())
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        }
        if (t.SubjectAltNames is not null)
        {
            request.CertificateExtensions.Add(t.SubjectAltNames);
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        // A generator rather than Create(issuerCertificate, ...): the request's key may be RSA under an ECDSA CA.
        if (ca.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(ecdsa), t.NotBefore, t.NotAfter, serial);
            }
        }
        if (ca.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), t.NotBefore, t.NotAfter, serial);
            }
        }
        throw new InvalidOperationException($"the signing CA \"{ca.Subject}\" carries no ECDSA or RSA private key");
    }
}
