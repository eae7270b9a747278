using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

/// <summary>
/// Reads the common name and organizations out of an X.509 name the way Kubernetes does: every
/// attribute of every relative distinguished name counts (multi-valued ones too), organizations
/// keep their order, and when a name repeats CN the last one wins.
/// </summary>
internal static class DistinguishedNameReader
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    public static (string CommonName, string[] Organizations) Read(X500DistinguishedName name)
    {
        var commonName = "";
        var organizations = new List<string>();

        // Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET OF AttributeTypeAndValue.
        var sequence = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var rdn = sequence.ReadSetOf();
            while (rdn.HasData)
            {
                var attribute = rdn.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var value = ReadString(attribute);
                if (type == CommonNameOid && value is not null)
                {
                    commonName = value;
                }
                else if (type == OrganizationOid && value is not null)
                {
                    organizations.Add(value);
                }
            }
        }

        return (commonName, organizations.ToArray());
    }

    // DirectoryString is a CHOICE of string types; anything else is not a name we can use.
    private static string? ReadString(AsnReader attribute)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass != TagClass.Universal)
        {
            attribute.ReadEncodedValue();
            return null;
        }

        var kind = (UniversalTagNumber)tag.TagValue;
        switch (kind)
        {
            case UniversalTagNumber.UTF8String:
            case UniversalTagNumber.PrintableString:
            case UniversalTagNumber.IA5String:
            case UniversalTagNumber.T61String:
            case UniversalTagNumber.BMPString:
            case UniversalTagNumber.UniversalString:
            case UniversalTagNumber.VisibleString:
                return attribute.ReadCharacterString(kind);
            default:
                attribute.ReadEncodedValue();
                return null;
        }
    }
}
