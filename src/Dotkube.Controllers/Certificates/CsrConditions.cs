using k8s.Models;

namespace Dotkube.Controllers.Certificates;

/// <summary>Reading a CertificateSigningRequest's state (upstream's certificates helpers).</summary>
public static class CsrConditions
{
    public const string Approved = "Approved";
    public const string Denied = "Denied";
    public const string Failed = "Failed";

    public static V1CertificateSigningRequestCondition? Find(V1CertificateSigningRequest csr, string type) =>
        csr.Status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True");

    public static bool IsApproved(V1CertificateSigningRequest csr) => Find(csr, Approved) is not null && Find(csr, Denied) is null;

    public static bool IsIssued(V1CertificateSigningRequest csr) => csr.Status?.Certificate is { Length: > 0 };
}
