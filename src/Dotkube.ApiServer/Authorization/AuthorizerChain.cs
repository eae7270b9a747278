using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Authorization;

/// <summary>
/// Upstream's union authorizer over the configured chain: the first Allow or Deny decides; with
/// no opinion anywhere the request is denied, carrying every authorizer's reason (joined by
/// newlines, as upstream joins them).
/// </summary>
public static class AuthorizerChain
{
    public static async ValueTask<AuthorizationResult> AuthorizeAsync(IReadOnlyList<IAuthorizer> chain, AuthorizationAttributes attributes, CancellationToken ct)
    {
        List<string>? reasons = null;
        foreach (var authorizer in chain)
        {
            var result = await authorizer.AuthorizeAsync(attributes, ct);
            if (result.Decision != AuthorizationDecision.NoOpinion)
            {
                return result;
            }
            if (result.Reason.Length > 0)
            {
                (reasons ??= []).Add(result.Reason);
            }
        }
        return new AuthorizationResult(AuthorizationDecision.NoOpinion, reasons is null ? "" : string.Join("\n", reasons));
    }

    /// <summary>Every rule the chain's resolvers grant the user in the namespace.</summary>
    public static RuleSet RulesFor(IReadOnlyList<IAuthorizer> chain, UserInfo user, string ns)
    {
        var rules = new List<Rbac.PolicyRule>();
        var errors = new List<string>();
        foreach (var resolver in chain.OfType<IRuleResolver>())
        {
            var set = resolver.RulesFor(user, ns);
            rules.AddRange(set.Rules);
            errors.AddRange(set.Errors);
        }
        return new RuleSet(rules, errors);
    }
}
