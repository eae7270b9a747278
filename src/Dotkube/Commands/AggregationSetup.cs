using Dotkube.ApiServer.Aggregation;
using Dotkube.Pki;

namespace Dotkube.Commands;

/// <summary>The aggregation layer's options from the cluster PKI and the request-header flags.</summary>
public static class AggregationSetup
{
    public static AggregationOptions Build(SecuritySettings s, ClusterPki pki)
    {
        var clientCa = pki.CaCertificate.ExportCertificatePem() + "\n";
        if (s.ClientCaFile is { } extra)
        {
            clientCa += File.ReadAllText(extra);
        }
        // Backends must trust the front-proxy CA that signed our proxy certificate; a configured
        // --requestheader-client-ca-file is published beside it, as are its allowed names.
        var requestHeaderCa = pki.FrontProxyCaCertificate.ExportCertificatePem() + "\n";
        IReadOnlyList<string> allowed = [ClusterPki.FrontProxyClientCommonName];
        if (s.RequestHeaderClientCaFile is { } rhCa)
        {
            requestHeaderCa = File.ReadAllText(rhCa).TrimEnd() + "\n" + requestHeaderCa;
            allowed = s.RequestHeaderAllowedNames.Count == 0 ? [] : [.. s.RequestHeaderAllowedNames, ClusterPki.FrontProxyClientCommonName];
        }
        return new AggregationOptions
        {
            ProxyClientCertificate = pki.FrontProxyClientCertificate,
            ClientCaPem = clientCa,
            RequestHeaderClientCaPem = requestHeaderCa,
            RequestHeaderAllowedNames = allowed,
            RequestHeaderUsernameHeaders = s.RequestHeaderUsernameHeaders,
            RequestHeaderGroupHeaders = s.RequestHeaderGroupHeaders,
            RequestHeaderExtraHeadersPrefix = s.RequestHeaderExtraHeadersPrefix,
        };
    }
}
