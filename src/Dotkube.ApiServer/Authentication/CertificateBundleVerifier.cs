using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// Verifies client certificates against a CA bundle file (--client-ca-file,
/// --requestheader-client-ca-file): the chain must end at one of the bundle's CAs, no system roots,
/// valid now, allowed for client authentication, with a common name.
/// </summary>
public sealed class CertificateBundleVerifier(X509Certificate2Collection roots, TimeProvider clock, string description)
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static CertificateBundleVerifier FromFile(string path, TimeProvider clock)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"{path}: no PEM certificate found");
        }
        return new CertificateBundleVerifier(roots, clock, path);
    }

    /// <summary>Matches <see cref="ClientCertificateAuthenticator.Verifier"/>.</summary>
    public bool Verify(X509Certificate2 certificate, out string user, out string[] groups, out string? failure)
    {
        user = "";
        groups = [];
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuth);
        if (!chain.Build(certificate))
        {
            failure = $"the certificate (subject \"{certificate.Subject}\") does not verify against {description} (" +
                string.Join("; ", chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
                    .Select(s => $"{s.Status}: {s.StatusInformation.Trim()}")) + ")";
            return false;
        }
        user = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        groups = [.. certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10")
            .Select(r => r.GetSingleElementValue() ?? "")];
        if (user.Length == 0)
        {
            failure = "the certificate's subject has no common name";
            return false;
        }
        failure = null;
        return true;
    }
}
