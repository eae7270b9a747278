using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

/// <summary>
/// The cluster's certificate authority and the certificates it has issued to the API server and
/// the first administrator, plus the service-account signing key. Kept as PEM files in one
/// directory (kubeadm's names) so they survive restarts; see <see cref="LoadOrCreate"/>.
/// </summary>
public sealed partial class ClusterPki : IDisposable
{
    public const string CaCommonName = "dotkube-ca";
    public const string AdminCommonName = "dotkube-admin";
    public const string AdminGroup = "system:masters";

    private readonly X509Certificate2 _caWithKey;
    private readonly TimeProvider _time;

    private ClusterPki(
        string directory,
        X509Certificate2 caWithKey,
        X509Certificate2 serving,
        X509Certificate2 admin,
        RSA serviceAccountKey,
        TimeProvider time,
        IReadOnlyList<string> changes)
    {
        Directory = directory;
        _caWithKey = caWithKey;
        _time = time;
        CaCertificate = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        ServingCertificate = serving;
        AdminCertificate = admin;
        ServiceAccountKey = serviceAccountKey;
        Changes = changes;
    }

    /// <summary>The directory holding the PEM files.</summary>
    public string Directory { get; }

    /// <summary>The cluster CA's certificate, without its private key.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The cluster CA's certificate with its private key, for the in-process CSR signer.</summary>
    public X509Certificate2 CaCertificateWithKey => _caWithKey;

    /// <summary>The API server's TLS certificate, with its private key.</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>The administrator's client certificate (CN dotkube-admin, O system:masters), with its private key.</summary>
    public X509Certificate2 AdminCertificate { get; }

    /// <summary>The RSA key pair that signs (and verifies) service-account tokens.</summary>
    public RSA ServiceAccountKey { get; }

    /// <summary>The service-account public key as a PEM "PUBLIC KEY" block, as written to sa.pub.</summary>
    public string ServiceAccountPublicKeyPem => ServiceAccountKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>What the last load created or renewed and why, one sentence each, for the server's log.</summary>
    public IReadOnlyList<string> Changes { get; }

    /// <summary>
    /// Issues a client certificate for a new ECDSA key; the result carries the private key.
    /// The certificate authenticates as <paramref name="commonName"/> in groups <paramref name="organizations"/>.
    /// </summary>
    public X509Certificate2 IssueClientCertificate(string commonName, string[] organizations, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        return CertificateIssuer.IssueWithNewKey(
            _caWithKey,
            CertificateIssuer.Subject(commonName, organizations),
            CertificateIssuer.ClientAuth,
            subjectAltNames: null,
            _time.GetUtcNow(),
            validity);
    }

    /// <summary>
    /// Signs a client certificate for a key someone else holds (a CertificateSigningRequest's key).
    /// The result has no private key.
    /// </summary>
    public X509Certificate2 SignClientCertificate(
        PublicKey subjectPublicKey,
        string commonName,
        IReadOnlyList<string> organizations,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        return CertificateIssuer.SignLeaf(
            _caWithKey,
            CertificateIssuer.Subject(commonName, organizations),
            subjectPublicKey,
            CertificateIssuer.ClientAuth,
            subjectAltNames: null,
            notBefore,
            notAfter);
    }

    public void Dispose()
    {
        _caWithKey.Dispose();
        CaCertificate.Dispose();
        ServingCertificate.Dispose();
        AdminCertificate.Dispose();
        ServiceAccountKey.Dispose();
        FrontProxyCaCertificate?.Dispose();
        FrontProxyClientCertificate?.Dispose();
    }
}
