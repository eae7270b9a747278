using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

public sealed partial class ClusterPki
{
    public const string CaCertFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string ServingCertFile = "apiserver.crt";
    public const string ServingKeyFile = "apiserver.key";
    public const string AdminCertFile = "admin.crt";
    public const string AdminKeyFile = "admin.key";
    public const string ServiceAccountKeyFile = "sa.key";
    public const string ServiceAccountPublicKeyFile = "sa.pub";

    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);
    public static readonly TimeSpan LeafValidity = TimeSpan.FromDays(365);

    /// <summary>Leaf certificates with less time left than this are issued anew at start.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>
    /// Loads the cluster's PKI from <paramref name="pkiDir"/>, creating what is missing. The CA is
    /// made once and then only ever reused (replacing it would orphan every certificate it signed);
    /// the serving and admin certificates are issued anew when missing, unreadable, not signed by
    /// the CA, within <see cref="RenewBefore"/> of expiry, or (serving) naming other hosts than
    /// <paramref name="options"/> asks for.
    /// </summary>
    public static ClusterPki LoadOrCreate(string pkiDir, PkiOptions options)
    {
        AtomicFile.CreateDirectory(pkiDir);
        var servingDir = options.ServingDirectory ?? pkiDir;
        AtomicFile.CreateDirectory(servingDir);
        // Servers sharing the directory start one at a time here, so only the first creates the CA and keys.
        using var exclusive = PkiLock.Acquire(pkiDir, TimeSpan.FromSeconds(30));
        var now = options.TimeProvider.GetUtcNow();
        var changes = new List<string>();

        var ca = LoadOrCreateCa(pkiDir, CaCertFile, CaKeyFile, CaCommonName, now, changes);
        try
        {
            var servingNames = SubjectAltNames.ForApiServer(options);
            var serving = LoadOrIssueLeaf(
                servingDir,
                ServingCertFile,
                ServingKeyFile,
                new LeafSpec(ServingSubject(), CertificateIssuer.ServerAuth, servingNames),
                ca,
                now,
                changes);
            var admin = LoadOrIssueLeaf(
                pkiDir,
                AdminCertFile,
                AdminKeyFile,
                new LeafSpec(CertificateIssuer.Subject(AdminCommonName, [AdminGroup]), CertificateIssuer.ClientAuth, null),
                ca,
                now,
                changes);
            var serviceAccountKey = LoadOrCreateServiceAccountKey(pkiDir, changes);
            var pki = new ClusterPki(Path.GetFullPath(pkiDir), ca, serving, admin, serviceAccountKey, options.TimeProvider, changes);
            pki.LoadOrCreateFrontProxy(pkiDir, now, changes);
            return pki;
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    private static X500DistinguishedName ServingSubject() => CertificateIssuer.Subject("kube-apiserver", []);

    private static X509Certificate2 LoadOrCreateCa(
        string pkiDir, string certFile, string keyFile, string commonName, DateTimeOffset now, List<string> changes)
    {
        var certPath = Path.Combine(pkiDir, certFile);
        var keyPath = Path.Combine(pkiDir, keyFile);
        if (File.Exists(certPath))
        {
            if (!File.Exists(keyPath))
            {
                throw new InvalidOperationException(
                    $"{certPath} exists but {keyPath} does not; the cluster CA cannot sign without its key.");
            }

            var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (existing.NotAfter <= now)
            {
                var expired = existing.NotAfter;
                existing.Dispose();
                throw new InvalidOperationException(
                    $"The cluster CA in {certPath} expired on {expired:u}; remove {pkiDir} to start a new cluster CA.");
            }

            return existing;
        }

        // The key is written first: a crash in between leaves a key without a certificate, which
        // the next start replaces, never a certificate without its key.
        var ca = CertificateIssuer.CreateCertificateAuthority(commonName, now, CaValidity);
        AtomicFile.WritePrivate(keyPath, PrivateKeyPem.Of(ca));
        AtomicFile.WritePublic(certPath, ca.ExportCertificatePem() + "\n");
        changes.Add($"created the CA {certFile} (CN={commonName}, valid until {ca.NotAfter.ToUniversalTime():u})");
        return ca;
    }

    private sealed record LeafSpec(X500DistinguishedName Subject, Oid Usage, SubjectAltNames? Names);

    private static X509Certificate2 LoadOrIssueLeaf(
        string pkiDir, string certFile, string keyFile, LeafSpec spec, X509Certificate2 ca, DateTimeOffset now, List<string> changes)
    {
        var certPath = Path.Combine(pkiDir, certFile);
        var keyPath = Path.Combine(pkiDir, keyFile);
        var (existing, reason) = LoadLeaf(certPath, keyPath);
        if (existing is not null)
        {
            reason = RenewalReason(existing, spec, ca, now);
            if (reason is null)
            {
                return existing;
            }

            existing.Dispose();
        }

        var issued = CertificateIssuer.IssueWithNewKey(ca, spec.Subject, spec.Usage, spec.Names?.ToExtension(), now, LeafValidity);
        AtomicFile.WritePrivate(keyPath, PrivateKeyPem.Of(issued));
        AtomicFile.WritePublic(certPath, issued.ExportCertificatePem() + "\n");
        changes.Add($"issued {certFile} ({reason}; valid until {issued.NotAfter.ToUniversalTime():u})");
        return issued;
    }

    private static (X509Certificate2? Certificate, string Reason) LoadLeaf(string certPath, string keyPath)
    {
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return (null, "it did not exist");
        }

        try
        {
            return (X509Certificate2.CreateFromPemFile(certPath, keyPath), "");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // A damaged or mismatched leaf is replaced, not fatal: the CA can always issue another.
            return (null, $"the existing one could not be loaded: {e.Message}");
        }
    }

    private static string? RenewalReason(X509Certificate2 certificate, LeafSpec spec, X509Certificate2 ca, DateTimeOffset now)
    {
        var chainFailure = ChainFailure(certificate, ca, spec.Usage, now);
        if (chainFailure is not null)
        {
            return chainFailure;
        }

        if (certificate.NotAfter - now < RenewBefore)
        {
            return $"the existing one expires on {certificate.NotAfter.ToUniversalTime():u}";
        }

        if (!certificate.SubjectName.RawData.AsSpan().SequenceEqual(spec.Subject.RawData))
        {
            return $"the subject changed from '{certificate.Subject}' to '{spec.Subject.Name}'";
        }

        if (spec.Names is not null)
        {
            var present = SubjectAltNames.Of(certificate);
            if (!present.SetEquals(spec.Names))
            {
                return $"the subject alternative names changed from [{present}] to [{spec.Names}]";
            }
        }

        return null;
    }

    private static RSA LoadOrCreateServiceAccountKey(string pkiDir, List<string> changes)
    {
        var keyPath = Path.Combine(pkiDir, ServiceAccountKeyFile);
        var publicPath = Path.Combine(pkiDir, ServiceAccountPublicKeyFile);
        RSA? key = null;
        try
        {
            if (File.Exists(keyPath))
            {
                key = RSA.Create();
                key.ImportFromPem(File.ReadAllText(keyPath));
            }
            else
            {
                key = RSA.Create(2048);
                // PKCS#1, as kubeadm writes sa.key.
                AtomicFile.WritePrivate(keyPath, key.ExportRSAPrivateKeyPem() + "\n");
                changes.Add($"created the service-account signing key {ServiceAccountKeyFile}");
            }

            var publicPem = key.ExportSubjectPublicKeyInfoPem();
            if (!File.Exists(publicPath) || File.ReadAllText(publicPath).Trim() != publicPem.Trim())
            {
                AtomicFile.WritePublic(publicPath, publicPem + "\n");
            }

            return key;
        }
        catch
        {
            key?.Dispose();
            throw;
        }
    }
}
