using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.Tokens;

namespace Dotkube.ApiServer.Authentication.ServiceAccounts;

/// <summary>Reads one core/v1 object (serviceaccounts, secrets, pods, nodes) by namespace and name; null when absent.</summary>
public delegate Task<JsonObject?> CoreObjectGetter(string resource, string ns, string name, CancellationToken cancellationToken);

/// <summary>How service account tokens are issued and verified (kube-apiserver's --service-account-* flags).</summary>
public sealed record ServiceAccountTokenOptions
{
    public const string DefaultIssuer = "https://kubernetes.default.svc.cluster.local";

    /// <summary>The issuer legacy secret-based tokens carry.</summary>
    public const string LegacyIssuer = "kubernetes/serviceaccount";

    /// <summary>--service-account-issuer values: the first is written into new tokens, all are accepted.</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [DefaultIssuer];

    /// <summary>--api-audiences; upstream defaults them to the issuers.</summary>
    public IReadOnlyList<string> ApiAudiences { get; init; } = [DefaultIssuer];

    /// <summary>--service-account-signing-key-file: signs bound and legacy tokens.</summary>
    public required JwtKey SigningKey { get; init; }

    /// <summary>--service-account-key-file keys (and the signing key): any of them verifies a token.</summary>
    public required IReadOnlyList<JwtKey> VerificationKeys { get; init; }

    /// <summary>
    /// --service-account-extend-token-expiration: a pod-bound token asked for 3607 s (what the
    /// admission plugin's projected volume asks) is issued for a year, with warnafter at 3607 s.
    /// </summary>
    public bool ExtendExpiration { get; init; } = true;

    /// <summary>--service-account-max-token-expiration; null means no cap.</summary>
    public TimeSpan? MaxExpiration { get; init; }
}
