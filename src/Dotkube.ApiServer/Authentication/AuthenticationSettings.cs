using Dotkube.ApiServer.Authentication.ServiceAccounts;

namespace Dotkube.ApiServer.Authentication;

/// <summary>What the pipeline needs beyond its authenticator chain: anonymous policy, token services.</summary>
public sealed record AuthenticationSettings
{
    /// <summary>--anonymous-auth: a request without credentials is system:anonymous (true) or 401 (false).</summary>
    public bool AnonymousAuth { get; init; } = true;

    /// <summary>The bearer-token methods, for TokenReview; null when none is configured.</summary>
    public BearerTokenAuthenticator? Tokens { get; init; }

    /// <summary>Signs TokenRequest tokens; null when service account tokens are not configured (serviceaccounts/token answers 503).</summary>
    public ServiceAccountTokenIssuer? TokenIssuer { get; init; }

    /// <summary>--api-audiences.</summary>
    public IReadOnlyList<string> ApiAudiences { get; init; } = [ServiceAccountTokenOptions.DefaultIssuer];

    public static AuthenticationSettings Default { get; } = new();
}
