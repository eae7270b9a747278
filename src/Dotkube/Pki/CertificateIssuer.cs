using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

/// <summary>
/// Makes the certificates of the cluster: the self-signed CA and the leaf certificates it signs.
/// Keys are ECDSA P-256: Go's TLS (kubectl, client-go), OpenSSL behind Kestrel and the .NET
/// Kubernetes client all handle it, and it is generated in microseconds where RSA takes tens of
/// milliseconds per key.
/// </summary>
internal static class CertificateIssuer
{
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    // Leaf certificates start a little in the past so a client whose clock is slightly behind
    // does not see a certificate from the future.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static X509Certificate2 CreateCertificateAuthority(string commonName, DateTimeOffset now, TimeSpan validity)
    {
        using var key = NewKey();
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature,
            critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // Not CreateSelfSigned: it picks its own serial, and serials must stay positive for Go.
        using var publicOnly = request.Create(
            request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now - ClockSkew, now + validity, NewSerialNumber());
        return publicOnly.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Signs a leaf certificate for <paramref name="publicKey"/> with the CA (which must carry its
    /// private key). The validity is cut at the CA's own end, since nothing can outlive its issuer.
    /// </summary>
    public static X509Certificate2 SignLeaf(
        X509Certificate2 ca,
        X500DistinguishedName subject,
        PublicKey publicKey,
        Oid usage,
        X509Extension? subjectAltNames,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var keyUsage = publicKey.GetRSAPublicKey() is null
            ? X509KeyUsageFlags.DigitalSignature
            : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (subjectAltNames is not null)
        {
            request.CertificateExtensions.Add(subjectAltNames);
        }

        var end = notAfter < ca.NotAfter ? notAfter : new DateTimeOffset(ca.NotAfter);
        using var signer = CaSigningKey(ca);
        return request.Create(ca.SubjectName, signer.Generator, notBefore, end, NewSerialNumber());
    }

    /// <summary>Issues a fresh key pair and a certificate for it; the result carries its private key.</summary>
    public static X509Certificate2 IssueWithNewKey(
        X509Certificate2 ca,
        X500DistinguishedName subject,
        Oid usage,
        X509Extension? subjectAltNames,
        DateTimeOffset now,
        TimeSpan validity)
    {
        using var key = NewKey();
        using var publicOnly = SignLeaf(
            ca, subject, new PublicKey(key), usage, subjectAltNames, now - ClockSkew, now + validity);
        return publicOnly.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// The subject O=…, O=…, CN=… in that encoded order, as Go and openssl write it. The builder
    /// encodes the last-added component first, hence the reversed additions.
    /// </summary>
    public static X500DistinguishedName Subject(string commonName, IReadOnlyList<string> organizations)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        for (var i = organizations.Count - 1; i >= 0; i--)
        {
            builder.AddOrganizationName(organizations[i]);
        }

        return builder.Build();
    }

    // The signature generator works for any subject key type, where Create(issuerCertificate, …)
    // insists the subject key has the CA's algorithm (an RSA CSR under our ECDSA CA).
    private static SigningKey CaSigningKey(X509Certificate2 ca)
    {
        if (ca.GetECDsaPrivateKey() is { } ecdsa)
        {
            return new SigningKey(ecdsa, X509SignatureGenerator.CreateForECDsa(ecdsa));
        }

        if (ca.GetRSAPrivateKey() is { } rsa)
        {
            return new SigningKey(rsa, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1));
        }

        throw new InvalidOperationException($"The CA '{ca.Subject}' carries no ECDSA or RSA private key to sign with.");
    }

    private sealed record SigningKey(AsymmetricAlgorithm Key, X509SignatureGenerator Generator) : IDisposable
    {
        public void Dispose() => Key.Dispose();
    }

    // 128 random bits, positive and without a leading zero byte: Go rejects negative serials.
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
