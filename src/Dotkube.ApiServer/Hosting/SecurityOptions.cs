using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;

namespace Dotkube.ApiServer.Hosting;

/// <summary>Authentication methods and the identity machinery around them (kube-apiserver's flags).</summary>
public sealed record SecurityOptions
{
    /// <summary>--anonymous-auth.</summary>
    public bool AnonymousAuth { get; init; } = true;

    /// <summary>--api-audiences.</summary>
    public IReadOnlyList<string> ApiAudiences { get; init; } = [ServiceAccountTokenOptions.DefaultIssuer];

    /// <summary>--token-auth-file, already read.</summary>
    public StaticTokenAuthenticator? StaticTokens { get; init; }

    /// <summary>Service account token keys and issuers; null disables service account tokens.</summary>
    public ServiceAccountTokenOptions? ServiceAccounts { get; init; }

    /// <summary>--enable-bootstrap-token-auth.</summary>
    public bool BootstrapTokens { get; init; }

    /// <summary>--requestheader-*; null disables the authenticating proxy.</summary>
    public RequestHeaderOptions? RequestHeader { get; init; }

    /// <summary>--oidc-*, built by the composition root (it owns the HTTP client); null disables OIDC.</summary>
    public OidcAuthenticator? Oidc { get; init; }

    /// <summary>--authentication-token-webhook-*, built (and cached) by the composition root; null disables it.</summary>
    public ITokenAuthenticator? WebhookTokens { get; init; }
}
