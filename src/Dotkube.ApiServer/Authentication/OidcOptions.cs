namespace Dotkube.ApiServer.Authentication;

/// <summary>kube-apiserver's --oidc-* flags.</summary>
public sealed record OidcOptions
{
    /// <summary>--oidc-issuer-url: https; tokens must carry exactly this iss.</summary>
    public required string IssuerUrl { get; init; }

    /// <summary>--oidc-client-id: must be one of the token's audiences.</summary>
    public required string ClientId { get; init; }

    public string UsernameClaim { get; init; } = "sub";

    /// <summary>
    /// --oidc-username-prefix; null means upstream's default (the issuer URL and '#' unless the claim
    /// is email), "-" means none.
    /// </summary>
    public string? UsernamePrefix { get; init; }

    public string GroupsClaim { get; init; } = "";

    public string GroupsPrefix { get; init; } = "";

    /// <summary>--oidc-signing-algs.</summary>
    public IReadOnlyList<string> SigningAlgorithms { get; init; } = ["RS256"];

    /// <summary>--oidc-required-claim key=value pairs.</summary>
    public IReadOnlyDictionary<string, string> RequiredClaims { get; init; } = new Dictionary<string, string>();

    /// <summary>The effective username prefix.</summary>
    public string EffectiveUsernamePrefix => UsernamePrefix switch
    {
        "-" => "",
        null => UsernameClaim == "email" ? "" : IssuerUrl + "#",
        var p => p,
    };
}
