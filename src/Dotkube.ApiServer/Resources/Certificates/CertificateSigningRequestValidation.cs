using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Certificates;

/// <summary>Upstream's CSR validation rules and the printer's condition summary.</summary>
public static class CertificateSigningRequestValidation
{
    public static readonly IReadOnlySet<string> KnownUsages = new HashSet<string>
    {
        "signing", "digital signature", "content commitment", "key encipherment", "key agreement",
        "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any",
        "server auth", "client auth", "code signing", "email protection", "s/mime", "ipsec end system",
        "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc",
    };

    /// <summary>Decodes the PEM "CERTIFICATE REQUEST" in spec.request (base64 in JSON) and checks its signature.</summary>
    public static CertificateRequest? ParseRequest(JsonObject csr, out string? error)
    {
        error = null;
        var b64 = csr.Obj("spec").Str("request");
        if (string.IsNullOrEmpty(b64))
        {
            error = "";
            return null;
        }
        string pem;
        try
        {
            pem = Encoding.ASCII.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            error = "request is not base64";
            return null;
        }
        if (!pem.Contains("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal))
        {
            error = "PEM block type must be CERTIFICATE REQUEST";
            return null;
        }
        try
        {
            return CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException e)
        {
            error = e.Message;
            return null;
        }
    }

    public static IReadOnlyList<FieldError> ValidateSpec(JsonObject csr)
    {
        var errors = new List<FieldError>();
        var spec = csr.Obj("spec");
        if (ParseRequest(csr, out var error) is null)
        {
            errors.Add(error is { Length: > 0 }
                ? FieldError.Invalid("spec.request", "<omitted>", error)
                : FieldError.Required("spec.request"));
        }
        var signer = spec.StrOrEmpty("signerName");
        if (signer.Length == 0)
        {
            errors.Add(FieldError.Required("spec.signerName"));
        }
        else if (signer == "kubernetes.io/legacy-unknown")
        {
            errors.Add(FieldError.Invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version"));
        }
        else if (!IsQualifiedSigner(signer))
        {
            errors.Add(FieldError.Invalid("spec.signerName", signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
        }
        var usages = spec.Arr("usages");
        if (usages is null || usages.Count == 0)
        {
            errors.Add(FieldError.Required("spec.usages"));
        }
        else
        {
            var seen = new HashSet<string>();
            var i = 0;
            foreach (var u in usages.Strings())
            {
                if (!KnownUsages.Contains(u))
                {
                    errors.Add(FieldError.NotSupported($"spec.usages[{i}]", u, [.. KnownUsages.Order(StringComparer.Ordinal)]));
                }
                else if (!seen.Add(u))
                {
                    errors.Add(FieldError.Duplicate($"spec.usages[{i}]", u));
                }
                i++;
            }
        }
        if (spec.Int("expirationSeconds") is { } seconds && seconds < 600)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        return errors;
    }

    /// <summary>Conditions (approval) and the issued certificate (status).</summary>
    public static IReadOnlyList<FieldError> ValidateStatus(JsonObject csr, JsonObject old)
    {
        var errors = ValidateConditions(csr);
        var cert = csr.Obj("status").Str("certificate");
        var oldCert = old.Obj("status").Str("certificate");
        if (!string.IsNullOrEmpty(oldCert) && cert != oldCert)
        {
            errors.Add(FieldError.Forbidden("status.certificate", "updates may not modify existing certificate content"));
        }
        if (!string.IsNullOrEmpty(cert))
        {
            string pem;
            try
            {
                pem = Encoding.ASCII.GetString(Convert.FromBase64String(cert));
            }
            catch (FormatException)
            {
                pem = "";
            }
            try
            {
                var bundle = new X509Certificate2Collection();
                bundle.ImportFromPem(pem);
                if (bundle.Count == 0)
                {
                    errors.Add(FieldError.Invalid("status.certificate", "<certificate data>", "must contain at least one CERTIFICATE PEM block"));
                }
            }
            catch (CryptographicException e)
            {
                errors.Add(FieldError.Invalid("status.certificate", "<certificate data>", e.Message));
            }
        }
        return errors;
    }

    public static List<FieldError> ValidateConditions(JsonObject csr)
    {
        var errors = new List<FieldError>();
        var types = new HashSet<string>();
        var i = 0;
        foreach (var c in csr.Obj("status").Arr("conditions").Objects())
        {
            var type = c.StrOrEmpty("type");
            var status = c.StrOrEmpty("status");
            if (type.Length == 0)
            {
                errors.Add(FieldError.Required($"status.conditions[{i}].type"));
            }
            if (status is not ("True" or "False" or "Unknown"))
            {
                errors.Add(status.Length == 0
                    ? FieldError.Required($"status.conditions[{i}].status")
                    : FieldError.NotSupported($"status.conditions[{i}].status", status, ["False", "True", "Unknown"]));
            }
            if (type is "Approved" or "Denied" or "Failed" && !types.Add(type))
            {
                errors.Add(FieldError.Duplicate($"status.conditions[{i}].type", type));
            }
            i++;
        }
        if (types.Contains("Approved") && types.Contains("Denied"))
        {
            errors.Add(FieldError.Invalid("status.conditions", "Approved and Denied", "Approved and Denied conditions are mutually exclusive"));
        }
        return errors;
    }

    /// <summary>kubectl's CONDITION column: Approved/Denied/Pending, then Failed and Issued.</summary>
    public static string ConditionSummary(JsonObject csr)
    {
        bool approved = false, denied = false, failed = false;
        foreach (var c in csr.Obj("status").Arr("conditions").Objects())
        {
            if (c.StrOrEmpty("status") is "True" or "")
            {
                switch (c.StrOrEmpty("type"))
                {
                    case "Approved":
                        approved = true;
                        break;
                    case "Denied":
                        denied = true;
                        break;
                    case "Failed":
                        failed = true;
                        break;
                }
            }
        }
        var summary = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed)
        {
            summary += ",Failed";
        }
        if (!string.IsNullOrEmpty(csr.Obj("status").Str("certificate")))
        {
            summary += ",Issued";
        }
        return summary;
    }

    public static bool IsApproved(JsonObject csr) => HasTrue(csr, "Approved") && !HasTrue(csr, "Denied");

    public static bool HasTrue(JsonObject csr, string type) =>
        csr.Obj("status").Arr("conditions").Objects().Any(c => c.StrOrEmpty("type") == type && c.StrOrEmpty("status") is "True" or "");

    private static bool IsQualifiedSigner(string signer)
    {
        var slash = signer.IndexOf('/');
        if (slash <= 0 || slash == signer.Length - 1)
        {
            return false;
        }
        var domain = signer[..slash];
        return NameValidation.IsDns1123Subdomain(domain).Count == 0 && domain.Contains('.');
    }
}
