namespace Dotkube.Controllers.Certificates;

/// <summary>
/// What makes a request a kubelet's (upstream's ValidateKubeletClientCSR and
/// ValidateKubeletServingCSR, with their messages): the node identity in the subject, the exact
/// usages with or without key encipherment (RSA keys need it, ECDSA keys don't), and the
/// subject alternative names a client or a serving certificate may carry.
/// </summary>
public static class KubeletCsrRules
{
    private static readonly HashSet<string> ClientUsages = ["digital signature", "key encipherment", "client auth"];
    private static readonly HashSet<string> ClientUsagesNoRsa = ["digital signature", "client auth"];
    private static readonly HashSet<string> ServingUsages = ["digital signature", "key encipherment", "server auth"];
    private static readonly HashSet<string> ServingUsagesNoRsa = ["digital signature", "server auth"];

    public const string NotSystemNodes = "subject organization is not system:nodes";
    public const string NotNodeName = "subject common name does not begin with system:node:";

    /// <summary>Why the request is not a kubelet client certificate request, or null when it is.</summary>
    public static string? ValidateClient(ParsedCsr csr, IEnumerable<string> usages)
    {
        if (csr.Organizations is not ["system:nodes"])
        {
            return NotSystemNodes;
        }
        if (csr.DnsNames.Count > 0)
        {
            return "DNS subjectAltNames are not allowed";
        }
        if (csr.EmailAddresses.Count > 0)
        {
            return "Email subjectAltNames are not allowed";
        }
        if (csr.IPAddresses.Count > 0)
        {
            return "IP subjectAltNames are not allowed";
        }
        if (csr.Uris.Count > 0)
        {
            return "URI subjectAltNames are not allowed";
        }
        if (!csr.CommonName.StartsWith("system:node:", StringComparison.Ordinal))
        {
            return NotNodeName;
        }
        var set = usages.ToHashSet();
        return set.SetEquals(ClientUsages) || set.SetEquals(ClientUsagesNoRsa) ? null : UsagesDidNotMatch(ClientUsages);
    }

    /// <summary>Why the request is not a kubelet serving certificate request, or null when it is.</summary>
    public static string? ValidateServing(ParsedCsr csr, IEnumerable<string> usages)
    {
        if (csr.Organizations is not ["system:nodes"])
        {
            return NotSystemNodes;
        }
        if (csr.DnsNames.Count == 0 && csr.IPAddresses.Count == 0)
        {
            return "DNS or IP subjectAltName is required";
        }
        if (csr.EmailAddresses.Count > 0)
        {
            return "Email subjectAltNames are not allowed";
        }
        if (csr.Uris.Count > 0)
        {
            return "URI subjectAltNames are not allowed";
        }
        var set = usages.ToHashSet();
        if (!set.SetEquals(ServingUsages) && !set.SetEquals(ServingUsagesNoRsa))
        {
            return UsagesDidNotMatch(ServingUsages);
        }
        return csr.CommonName.StartsWith("system:node:", StringComparison.Ordinal) ? null : NotNodeName;
    }

    // Go prints the sorted set as %v: "[client auth digital signature key encipherment]".
    private static string UsagesDidNotMatch(HashSet<string> required) =>
        $"usages did not match [{string.Join(' ', required.Order(StringComparer.Ordinal))}]";
}
