using System.Security.Cryptography.X509Certificates;

namespace Dotkube.Controllers.Certificates;

/// <summary>Signs a client certificate for a key someone else holds (the cluster CA, --cluster-signing-cert-file).</summary>
public delegate X509Certificate2 ClientCertificateSigner(
    PublicKey subjectPublicKey, string commonName, IReadOnlyList<string> organizations, DateTimeOffset notBefore, DateTimeOffset notAfter);

/// <summary>The csrsigning controller's settings.</summary>
public sealed record CsrSigningOptions
{
    /// <summary>The signing CA; without one the controller does not run.</summary>
    public ClientCertificateSigner? Signer { get; init; }

    /// <summary>When the signing CA itself expires: no certificate outlives it.</summary>
    public DateTimeOffset CaNotAfter { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>--cluster-signing-duration: the longest certificate issued (upstream's default 8760h).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(8760);
}
