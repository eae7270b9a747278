namespace Dotkube.Controllers.ServiceAccount;

/// <summary>Signs a legacy (non-expiring, secret-bound) service account token, as kube-controller-manager's --service-account-private-key-file does.</summary>
public delegate string LegacyTokenGenerator(string ns, string serviceAccount, string serviceAccountUid, string secretName);

/// <summary>The tokens controller's settings.</summary>
public sealed record ServiceAccountTokenOptions
{
    /// <summary>Signs the tokens; without it the controller does not run (upstream needs --service-account-private-key-file).</summary>
    public LegacyTokenGenerator? Generate { get; init; }

    /// <summary>--root-ca-file: the bundle put in each token Secret's ca.crt.</summary>
    public string? RootCaPem { get; init; }

    /// <summary>
    /// --legacy-service-account-token-secrets (dotkube's switch for pre-1.24 flows): every service
    /// account gets a token Secret of its own, listed in its <c>secrets</c>.
    /// </summary>
    public bool CreateSecretPerServiceAccount { get; init; }
}
