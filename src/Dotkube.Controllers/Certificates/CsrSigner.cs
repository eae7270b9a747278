using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// The in-tree signers of upstream's csrsigning controller: <c>kubernetes.io/kube-apiserver-client</c>
/// (any subject, client auth), <c>kubernetes.io/kube-apiserver-client-kubelet</c> (a kubelet's
/// client certificate), <c>kubernetes.io/kubelet-serving</c> (a kubelet's serving certificate) and
/// <c>kubernetes.io/legacy-unknown</c> (no restrictions; the v1 API accepts no new such requests).
/// Each checks the request against its rules, then signs the request's subject and names with
/// the usages of spec.usages.
/// </summary>
public sealed class CsrSigner(CsrSigningOptions options)
{
    public const string ClientSigner = "kubernetes.io/kube-apiserver-client";
    public const string KubeletClientSigner = "kubernetes.io/kube-apiserver-client-kubelet";
    public const string KubeletServingSigner = "kubernetes.io/kubelet-serving";
    public const string LegacyUnknownSigner = "kubernetes.io/legacy-unknown";

    public static readonly IReadOnlyList<string> Signers = [ClientSigner, KubeletClientSigner, KubeletServingSigner, LegacyUnknownSigner];

    private static readonly HashSet<string> OptionalClientUsages = ["digital signature", "key encipherment"];

    /// <summary>Whether a signer acts on the request now: one of its signers, approved, not failed, not yet issued.</summary>
    public static bool IsPending(V1CertificateSigningRequest csr) =>
        Signers.Contains(csr.Spec?.SignerName ?? "")
        && CsrConditions.IsApproved(csr)
        && CsrConditions.Find(csr, CsrConditions.Failed) is null
        && !CsrConditions.IsIssued(csr);

    /// <summary>Whether a CA is configured for this request's signer (upstream runs no signer without one).</summary>
    public bool CanSign(V1CertificateSigningRequest csr) => options.For(csr.Spec?.SignerName ?? "") is not null;

    /// <summary>The signed certificate (PEM), or why the request cannot be signed (the Failed condition's message).</summary>
    public (string? CertificatePem, string? Failure) Sign(V1CertificateSigningRequest csr, DateTimeOffset now)
    {
        var signerName = csr.Spec.SignerName ?? "";
        if (options.For(signerName) is not { } authority)
        {
            return (null, $"no signing CA for {signerName}");
        }
        var (request, parseError) = ParsedCsr.Parse(csr.Spec.Request);
        if (request is null)
        {
            return (null, $"unable to parse csr \"{csr.Metadata.Name}\": {parseError}");
        }
        var usages = csr.Spec.Usages ?? [];
        var invalid = signerName switch
        {
            ClientSigner => UsageError(usages),
            KubeletClientSigner => KubeletCsrRules.ValidateClient(request, usages),
            KubeletServingSigner => KubeletCsrRules.ValidateServing(request, usages),
            _ => null,
        };
        if (invalid is not null)
        {
            return (null, invalid);
        }
        var (keyUsage, extended, usageError) = CertificateUsages.From(usages);
        if (usageError is not null)
        {
            return (null, usageError);
        }
        var ttl = SigningPolicy.Duration(csr.Spec.ExpirationSeconds, options.Duration);
        var (notBefore, notAfter, error) = SigningPolicy.Window(now, ttl, authority.NotAfter);
        if (error is not null)
        {
            return (null, error);
        }
        using var certificate = authority.Sign(new CertificateTemplate(
            request.Subject, request.PublicKey, SubjectAltNames(request), keyUsage, extended, notBefore, notAfter));
        return (certificate.ExportCertificatePem() + "\n", null);
    }

    /// <summary>Upstream's validAPIServerClientUsages: client auth required, digital signature and key encipherment allowed.</summary>
    public static string? UsageError(IEnumerable<string> usages)
    {
        var hasClientAuth = false;
        foreach (var u in usages)
        {
            if (u == "client auth")
            {
                hasClientAuth = true;
            }
            else if (!OptionalClientUsages.Contains(u))
            {
                return $"invalid usage for client certificate: {u}";
            }
        }
        return hasClientAuth ? null : "missing required usage for client certificate: client auth";
    }

    // The request's names re-encoded (Go's template copies the parsed lists, dropping other name forms).
    private static X509Extension? SubjectAltNames(ParsedCsr csr)
    {
        if (csr.DnsNames.Count + csr.IPAddresses.Count + csr.EmailAddresses.Count + csr.Uris.Count == 0)
        {
            return null;
        }
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var dns in csr.DnsNames)
        {
            builder.AddDnsName(dns);
        }
        foreach (var email in csr.EmailAddresses)
        {
            builder.AddEmailAddress(email);
        }
        foreach (var ip in csr.IPAddresses)
        {
            builder.AddIpAddress(ip);
        }
        foreach (var uri in csr.Uris)
        {
            builder.AddUri(uri);
        }
        return builder.Build();
    }
}
