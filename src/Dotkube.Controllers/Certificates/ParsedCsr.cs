using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// A certificate request decoded as Go's x509.ParseCertificateRequest presents it to the signers
/// and the approver: subject, public key and the four kinds of subject alternative names.
/// </summary>
public sealed record ParsedCsr(
    X500DistinguishedName Subject,
    PublicKey PublicKey,
    bool RsaKey,
    string CommonName,
    IReadOnlyList<string> Organizations,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<IPAddress> IPAddresses,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<Uri> Uris)
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The request in spec.request (a PEM "CERTIFICATE REQUEST" whose signature must verify), or why not.</summary>
    public static (ParsedCsr? Csr, string? Error) Parse(byte[]? pemBytes)
    {
        var pem = Encoding.ASCII.GetString(pemBytes ?? []);
        if (!pem.Contains("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal))
        {
            return (null, "PEM block type must be CERTIFICATE REQUEST");
        }
        CertificateRequest request;
        try
        {
            // Extensions are read only for their subject alternative names; nothing else is copied.
            request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return (null, e.Message);
        }
        var dns = new List<string>();
        var ips = new List<IPAddress>();
        var emails = new List<string>();
        var uris = new List<Uri>();
        foreach (var extension in request.CertificateExtensions.Where(e => e.Oid?.Value == SubjectAltNameOid))
        {
            if (ReadSubjectAltNames(extension.RawData, dns, ips, emails, uris) is { } error)
            {
                return (null, error);
            }
        }
        return (new ParsedCsr(
            request.SubjectName,
            request.PublicKey,
            request.PublicKey.GetRSAPublicKey() is not null,
            Attribute(request.SubjectName, "2.5.4.3").FirstOrDefault() ?? "",
            [.. Attribute(request.SubjectName, "2.5.4.10")],
            dns, ips, emails, uris), null);
    }

    /// <summary>The GeneralNames sequence: rfc822Name [1], dNSName [2], URI [6], iPAddress [7]; other forms are skipped as Go skips them.</summary>
    private static string? ReadSubjectAltNames(byte[] der, List<string> dns, List<IPAddress> ips, List<string> emails, List<Uri> uris)
    {
        try
        {
            var names = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    names.ReadEncodedValue();
                    continue;
                }
                switch (tag.TagValue)
                {
                    case 1:
                        emails.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 2:
                        dns.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 6:
                        var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
                        {
                            return $"x509: cannot parse URI {uri}";
                        }
                        uris.Add(parsed);
                        break;
                    case 7:
                        var bytes = names.ReadOctetString(tag);
                        if (bytes.Length is not (4 or 16))
                        {
                            return $"x509: cannot parse IP address of length {bytes.Length}";
                        }
                        ips.Add(new IPAddress(bytes));
                        break;
                    default:
                        names.ReadEncodedValue();
                        break;
                }
            }
            return null;
        }
        catch (AsnContentException e)
        {
            return $"x509: malformed subject alternative names: {e.Message}";
        }
    }

    private static IEnumerable<string> Attribute(X500DistinguishedName name, string oid) =>
        name.EnumerateRelativeDistinguishedNames().Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == oid).Select(r => r.GetSingleElementValue() ?? "");
}
