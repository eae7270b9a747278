using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// spec.usages as they become a certificate's key usage bits and extended key usages (upstream's
/// keyUsagesFromStrings in the signing policy).
/// </summary>
public static class CertificateUsages
{
    private static readonly Dictionary<string, X509KeyUsageFlags> KeyUsages = new()
    {
        ["signing"] = X509KeyUsageFlags.DigitalSignature,
        ["digital signature"] = X509KeyUsageFlags.DigitalSignature,
        ["content commitment"] = X509KeyUsageFlags.NonRepudiation,
        ["key encipherment"] = X509KeyUsageFlags.KeyEncipherment,
        ["key agreement"] = X509KeyUsageFlags.KeyAgreement,
        ["data encipherment"] = X509KeyUsageFlags.DataEncipherment,
        ["cert sign"] = X509KeyUsageFlags.KeyCertSign,
        ["crl sign"] = X509KeyUsageFlags.CrlSign,
        ["encipher only"] = X509KeyUsageFlags.EncipherOnly,
        ["decipher only"] = X509KeyUsageFlags.DecipherOnly,
    };

    // In Go's ExtKeyUsage order, which is the order the certificate lists them in.
    private static readonly (string Usage, string Oid, int Order)[] ExtendedKeyUsages =
    [
        ("any", "2.5.29.37.0", 0),
        ("server auth", "1.3.6.1.5.5.7.3.1", 1),
        ("client auth", "1.3.6.1.5.5.7.3.2", 2),
        ("code signing", "1.3.6.1.5.5.7.3.3", 3),
        ("email protection", "1.3.6.1.5.5.7.3.4", 4),
        ("s/mime", "1.3.6.1.5.5.7.3.4", 4),
        ("ipsec end system", "1.3.6.1.5.5.7.3.5", 5),
        ("ipsec tunnel", "1.3.6.1.5.5.7.3.6", 6),
        ("ipsec user", "1.3.6.1.5.5.7.3.7", 7),
        ("timestamping", "1.3.6.1.5.5.7.3.8", 8),
        ("ocsp signing", "1.3.6.1.5.5.7.3.9", 9),
        ("microsoft sgc", "1.3.6.1.4.1.311.10.3.3", 10),
        ("netscape sgc", "2.16.840.1.113730.4.1", 11),
    ];

    /// <summary>The key usage bits and extended key usages, or the usages no certificate can carry.</summary>
    public static (X509KeyUsageFlags KeyUsage, IReadOnlyList<Oid> Extended, string? Error) From(IEnumerable<string> usages)
    {
        var keyUsage = X509KeyUsageFlags.None;
        var extended = new SortedDictionary<int, string>();
        var unrecognized = new List<string>();
        foreach (var usage in usages)
        {
            if (KeyUsages.TryGetValue(usage, out var bit))
            {
                keyUsage |= bit;
            }
            else if (Array.FindIndex(ExtendedKeyUsages, e => e.Usage == usage) is var i and >= 0)
            {
                extended[ExtendedKeyUsages[i].Order] = ExtendedKeyUsages[i].Oid;
            }
            else
            {
                unrecognized.Add(usage);
            }
        }
        if (unrecognized.Count > 0)
        {
            return (keyUsage, [], $"unrecognized usage values: [{string.Join(' ', unrecognized.Select(u => $"\"{u}\""))}]");
        }
        return (keyUsage, [.. extended.Values.Select(o => new Oid(o))], null);
    }
}
