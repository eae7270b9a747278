using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

/// <summary>PEM for the private key a certificate carries: PKCS#8, which Go, OpenSSL and .NET all read.</summary>
internal static class PrivateKeyPem
{
    public static string Of(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = certificate.GetECDsaPrivateKey()
            ?? (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"'{certificate.Subject}' carries no ECDSA or RSA private key.", nameof(certificate));
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
