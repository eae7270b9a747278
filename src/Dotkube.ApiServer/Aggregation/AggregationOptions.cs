using System.Security.Cryptography.X509Certificates;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// What the aggregation layer needs from the composition root: the front-proxy client certificate
/// it presents to extension API servers, and what to publish in
/// kube-system/extension-apiserver-authentication so those servers can verify it and the
/// cluster's own client certificates.
/// </summary>
public sealed record AggregationOptions
{
    /// <summary>--proxy-client-cert-file/--proxy-client-key-file: presented to backends; null presents none.</summary>
    public X509Certificate2? ProxyClientCertificate { get; init; }

    /// <summary>client-ca-file: the CAs of client certificates this server accepts (PEM).</summary>
    public string ClientCaPem { get; init; } = "";

    /// <summary>requestheader-client-ca-file: the CA that signed the proxy client certificate (PEM).</summary>
    public string RequestHeaderClientCaPem { get; init; } = "";

    public IReadOnlyList<string> RequestHeaderAllowedNames { get; init; } = ["front-proxy-client"];

    public IReadOnlyList<string> RequestHeaderUsernameHeaders { get; init; } = [ProxyHeaders.User];

    public IReadOnlyList<string> RequestHeaderGroupHeaders { get; init; } = [ProxyHeaders.Group];

    public IReadOnlyList<string> RequestHeaderExtraHeadersPrefix { get; init; } = [ProxyHeaders.ExtraPrefix];

    /// <summary>Where the aggregated APIServices' downloaded OpenAPI goes; the OpenAPI handler merges it.</summary>
    public OpenApi.AggregatedSpecs OpenApiSpecs { get; init; } = new();
}
