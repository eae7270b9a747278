using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// The two client signers of upstream's csrsigning controller:
/// <c>kubernetes.io/kube-apiserver-client</c> (any subject, client auth) and
/// <c>kubernetes.io/kube-apiserver-client-kubelet</c> (<c>system:node:NAME</c> in <c>system:nodes</c>).
/// </summary>
public sealed class CsrSigner(CsrSigningOptions options, ClientCertificateSigner sign)
{
    public const string ClientSigner = "kubernetes.io/kube-apiserver-client";
    public const string KubeletClientSigner = "kubernetes.io/kube-apiserver-client-kubelet";

    private static readonly HashSet<string> OptionalClientUsages = ["digital signature", "key encipherment"];

    /// <summary>Whether this signer acts on the request now: one of its signers, approved, not failed, not yet issued.</summary>
    public static bool IsPending(V1CertificateSigningRequest csr) =>
        csr.Spec?.SignerName is ClientSigner or KubeletClientSigner
        && CsrConditions.IsApproved(csr)
        && CsrConditions.Find(csr, CsrConditions.Failed) is null
        && !CsrConditions.IsIssued(csr);

    /// <summary>The signed certificate (PEM), or why the request cannot be signed (the Failed condition's message).</summary>
    public (string? CertificatePem, string? Failure) Sign(V1CertificateSigningRequest csr, DateTimeOffset now)
    {
        CertificateRequest request;
        try
        {
            var pem = Encoding.ASCII.GetString(csr.Spec.Request ?? []);
            request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return (null, $"unable to parse csr \"{csr.Metadata.Name}\": {e.Message}");
        }
        var usages = csr.Spec.Usages ?? [];
        if (UsageError(usages) is { } usageError)
        {
            return (null, usageError);
        }
        var cn = Attribute(request.SubjectName, "2.5.4.3").FirstOrDefault() ?? "";
        var orgs = Attribute(request.SubjectName, "2.5.4.10").ToList();
        if (csr.Spec.SignerName == KubeletClientSigner)
        {
            if (orgs is not ["system:nodes"])
            {
                return (null, "organization is not set to system:nodes");
            }
            if (!cn.StartsWith("system:node:", StringComparison.Ordinal))
            {
                return (null, "subject common name does not begin with system:node:");
            }
        }
        if (cn.Length == 0)
        {
            return (null, "the certificate request's subject has no common name");
        }
        var ttl = SigningPolicy.Duration(csr.Spec.ExpirationSeconds, options.Duration);
        var (notBefore, notAfter, error) = SigningPolicy.Window(now, ttl, options.CaNotAfter);
        if (error is not null)
        {
            return (null, error);
        }
        using var certificate = sign(request.PublicKey, cn, orgs, notBefore, notAfter);
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

    private static IEnumerable<string> Attribute(X500DistinguishedName name, string oid) =>
        name.EnumerateRelativeDistinguishedNames().Where(r => r.GetSingleElementType().Value == oid).Select(r => r.GetSingleElementValue() ?? "");
}
