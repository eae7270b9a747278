using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// When upstream's csrcleaner deletes a request: an issued certificate that has expired; an
/// issued, denied or failed request an hour after that decision; a pending one after 24 hours.
/// </summary>
public static class CsrCleanup
{
    public static readonly TimeSpan ApprovedExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan DeniedExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan FailedExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan PendingExpiration = TimeSpan.FromHours(24);

    /// <summary>The moment the request may be deleted (it may be now or past), and the reason.</summary>
    public static (DateTimeOffset At, string Why) DeleteAt(V1CertificateSigningRequest csr)
    {
        var candidates = new List<(DateTimeOffset, string)>();
        if (CsrConditions.IsIssued(csr) && CertificateNotAfter(csr) is { } notAfter)
        {
            candidates.Add((notAfter, "its certificate has expired"));
        }
        foreach (var c in csr.Status?.Conditions ?? [])
        {
            if (c.Status != "True" || c.LastUpdateTime is not { } updated)
            {
                continue;
            }
            var at = new DateTimeOffset(DateTime.SpecifyKind(updated, DateTimeKind.Utc));
            switch (c.Type)
            {
                case CsrConditions.Approved when CsrConditions.IsIssued(csr):
                    candidates.Add((at + ApprovedExpiration, "it was issued more than an hour ago"));
                    break;
                case CsrConditions.Denied:
                    candidates.Add((at + DeniedExpiration, "it was denied more than an hour ago"));
                    break;
                case CsrConditions.Failed:
                    candidates.Add((at + FailedExpiration, "it failed more than an hour ago"));
                    break;
            }
        }
        var decided = csr.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is CsrConditions.Approved or CsrConditions.Denied or CsrConditions.Failed) ?? false;
        if (!decided && csr.Metadata.CreationTimestamp is { } created)
        {
            candidates.Add((new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) + PendingExpiration, "it was pending for more than 24 hours"));
        }
        return candidates.Count == 0 ? (DateTimeOffset.MaxValue, "") : candidates.MinBy(c => c.Item1);
    }

    private static DateTimeOffset? CertificateNotAfter(V1CertificateSigningRequest csr)
    {
        try
        {
            using var cert = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(csr.Status.Certificate));
            return new DateTimeOffset(cert.NotAfter.ToUniversalTime());
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // Upstream logs and keeps a request whose certificate it cannot parse.
            return null;
        }
    }
}
