using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

public sealed partial class ClusterPki
{
    /// <summary>
    /// Decides whether a TLS client certificate authenticates someone, as kube-apiserver's x509
    /// authenticator does: the chain must end at this cluster's CA (no system roots), every
    /// certificate must be valid now and allow client authentication, and the subject must have a
    /// common name. The user is the CN and the groups are the O values, in order.
    /// </summary>
    public bool VerifyClientCertificate(X509Certificate2 certificate, out string user, out string[] groups) =>
        VerifyClientCertificate(certificate, out user, out groups, out _);

    /// <inheritdoc cref="VerifyClientCertificate(X509Certificate2, out string, out string[])"/>
    /// <param name="failure">Why the certificate was refused, for the server's log; null on success.</param>
    public bool VerifyClientCertificate(
        X509Certificate2 certificate, out string user, out string[] groups, out string? failure)
    {
        user = "";
        groups = [];
        failure = ChainFailure(certificate, CaCertificate, CertificateIssuer.ClientAuth, _time.GetUtcNow());
        if (failure is not null)
        {
            return false;
        }

        var (commonName, organizations) = DistinguishedNameReader.Read(certificate.SubjectName);
        if (commonName.Length == 0)
        {
            failure = "the certificate's subject has no common name";
            return false;
        }

        user = commonName;
        groups = organizations;
        return true;
    }

    /// <summary>
    /// Why <paramref name="certificate"/> does not chain to <paramref name="ca"/> for
    /// <paramref name="usage"/> at <paramref name="now"/>, or null when it does.
    /// </summary>
    private static string? ChainFailure(X509Certificate2 certificate, X509Certificate2 ca, Oid usage, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(ca);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.ApplicationPolicy.Add(usage);
        try
        {
            if (!chain.Build(certificate))
            {
                var reasons = chain.ChainStatus
                    .Where(s => s.Status != X509ChainStatusFlags.NoError)
                    .Select(s => string.IsNullOrWhiteSpace(s.StatusInformation)
                        ? s.Status.ToString()
                        : $"{s.Status}: {s.StatusInformation.Trim()}");
                return "the certificate does not verify against the cluster CA (" + string.Join("; ", reasons) + ")";
            }

            // Custom root trust already means the root is ours; check it anyway, it is the whole point.
            var root = chain.ChainElements[^1].Certificate;
            return root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span)
                ? null
                : "the certificate chains to a root other than the cluster CA";
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate) && !ReferenceEquals(element.Certificate, ca))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }
}
