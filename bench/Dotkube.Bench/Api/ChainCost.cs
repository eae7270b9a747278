using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Bench.Api;

/// <summary>
/// What one X.509 chain verification of the admin certificate against the cluster CA costs in
/// this process (custom root trust, client-auth usage, no revocation, no downloads: the checks
/// the server's authenticator makes). The server makes it per request, so it is part of the gap
/// between the API and the bare Kestrel ceiling.
/// </summary>
internal static class ChainCost
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static double MicrosecondsPerVerification(ClusterCredentials credentials, TimeSpan duration)
    {
        // Warm up once; the first build loads the native chain engine.
        Verify(credentials);
        var n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            Verify(credentials);
            n++;
        }

        return clock.Elapsed.TotalMicroseconds / n;
    }

    private static void Verify(ClusterCredentials credentials)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(credentials.CertificateAuthority);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(ClientAuth);
        if (!chain.Build(credentials.ClientCertificate))
        {
            throw new InvalidOperationException("the admin certificate does not verify against the CA in the kubeconfig");
        }

        foreach (var element in chain.ChainElements)
        {
            if (!ReferenceEquals(element.Certificate, credentials.ClientCertificate) && !ReferenceEquals(element.Certificate, credentials.CertificateAuthority))
            {
                element.Certificate.Dispose();
            }
        }
    }
}
