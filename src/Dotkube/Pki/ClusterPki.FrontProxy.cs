using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Pki;

/// <summary>
/// The front-proxy PKI, as kubeadm lays it out: a CA of its own (front-proxy-ca) that signs only
/// the aggregator's client certificate (CN front-proxy-client). Extension API servers trust that
/// CA for request-header authentication, so a cluster client certificate can never pose as the
/// aggregator.
/// </summary>
public sealed partial class ClusterPki
{
    public const string FrontProxyCaCertFile = "front-proxy-ca.crt";
    public const string FrontProxyCaKeyFile = "front-proxy-ca.key";
    public const string FrontProxyClientCertFile = "front-proxy-client.crt";
    public const string FrontProxyClientKeyFile = "front-proxy-client.key";
    public const string FrontProxyCaCommonName = "front-proxy-ca";
    public const string FrontProxyClientCommonName = "front-proxy-client";

    /// <summary>The front-proxy CA's certificate, without its private key.</summary>
    public X509Certificate2 FrontProxyCaCertificate { get; private set; } = null!;

    /// <summary>The aggregator's client certificate (CN front-proxy-client), with its private key.</summary>
    public X509Certificate2 FrontProxyClientCertificate { get; private set; } = null!;

    private void LoadOrCreateFrontProxy(string pkiDir, DateTimeOffset now, List<string> changes)
    {
        using var ca = LoadOrCreateCa(pkiDir, FrontProxyCaCertFile, FrontProxyCaKeyFile, FrontProxyCaCommonName, now, changes);
        FrontProxyClientCertificate = LoadOrIssueLeaf(
            pkiDir,
            FrontProxyClientCertFile,
            FrontProxyClientKeyFile,
            new LeafSpec(CertificateIssuer.Subject(FrontProxyClientCommonName, []), CertificateIssuer.ClientAuth, null),
            ca,
            now,
            changes);
        FrontProxyCaCertificate = X509CertificateLoader.LoadCertificate(ca.RawData);
    }
}
