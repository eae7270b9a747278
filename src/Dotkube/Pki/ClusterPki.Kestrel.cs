using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Dotkube.Pki;

public sealed partial class ClusterPki
{
    /// <summary>
    /// Sets up Kestrel's TLS the way kube-apiserver's is: serve <see cref="ServingCertificate"/>,
    /// ask for a client certificate without requiring one, and do not judge it during the
    /// handshake. An unknown certificate makes the request unauthenticated (a 401 or anonymous),
    /// which authentication decides with <see cref="VerifyClientCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2, out string, out string[])"/>.
    /// </summary>
    public void ConfigureHttps(HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificate = ServingCertificate;
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (_, _, _) => true;
        https.CheckCertificateRevocation = false;
    }
}
