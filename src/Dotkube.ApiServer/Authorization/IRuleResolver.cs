using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization.Rbac;

namespace Dotkube.ApiServer.Authorization;

/// <summary>The rules one authorizer grants a user in a namespace, and what kept the list from being complete.</summary>
public sealed record RuleSet(IReadOnlyList<PolicyRule> Rules, IReadOnlyList<string> Errors)
{
    public static RuleSet Empty { get; } = new([], []);
}

/// <summary>
/// An authorizer that can say which rules a user holds (upstream's RuleResolver): feeds
/// SelfSubjectRulesReview (`kubectl auth can-i --list`) and escalation checks.
/// </summary>
public interface IRuleResolver
{
    RuleSet RulesFor(UserInfo user, string ns);
}
