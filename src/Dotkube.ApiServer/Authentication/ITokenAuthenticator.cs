namespace Dotkube.ApiServer.Authentication;

/// <summary>One bearer-token method (static token file, service accounts, bootstrap tokens, OIDC).</summary>
public interface ITokenAuthenticator
{
    /// <summary>
    /// Decides on <paramref name="token"/> for a request (or TokenReview) aimed at
    /// <paramref name="audiences"/>: not this method's token, accepted, or refused with a reason.
    /// </summary>
    ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken);
}

/// <summary>What one token method made of a token.</summary>
/// <param name="Audiences">the audiences the token is good for among those asked (TokenReview's status.audiences).</param>
public sealed record TokenResult(UserInfo? User, string? Failure, IReadOnlyList<string> Audiences)
{
    public static TokenResult NotMine { get; } = new(null, null, []);

    public static TokenResult Accept(UserInfo user, IReadOnlyList<string> audiences) => new(user, null, audiences);

    public static TokenResult Reject(string reason) => new(null, reason, []);

    /// <summary>
    /// For a method whose tokens carry no audience (static tokens, bootstrap tokens, legacy service
    /// account tokens): good for the API server's own audiences, so the requested audiences must
    /// include one of them (upstream's audience-agnostic wrapper).
    /// </summary>
    public static TokenResult AcceptAudienceAgnostic(UserInfo user, IReadOnlyList<string> requested, IReadOnlyList<string> apiAudiences)
    {
        if (apiAudiences.Count == 0 || requested.Count == 0)
        {
            return Accept(user, requested.Count == 0 ? apiAudiences : requested);
        }
        var common = requested.Where(apiAudiences.Contains).ToList();
        return common.Count > 0
            ? Accept(user, common)
            : Reject($"token audiences [{string.Join(" ", apiAudiences)}] are invalid for the target audiences [{string.Join(" ", requested)}]");
    }
}
