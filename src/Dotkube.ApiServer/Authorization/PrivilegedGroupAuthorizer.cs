using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization.Rbac;

namespace Dotkube.ApiServer.Authorization;

/// <summary>
/// Members of system:masters may do anything, without consulting RBAC (upstream puts this
/// authorizer first so a broken RBAC policy can still be repaired).
/// </summary>
public sealed class PrivilegedGroupAuthorizer : IAuthorizer, IRuleResolver
{
    public const string SystemMasters = "system:masters";

    private static readonly RuleSet Everything = new(
        [PolicyRule.Resource(["*"], ["*"], ["*"]), PolicyRule.NonResource(["*"], ["*"])], []);

    public static bool IsPrivileged(UserInfo user) => user.Groups.Contains(SystemMasters);

    public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsPrivileged(attributes.User) ? AuthorizationResult.Allowed : AuthorizationResult.NoOpinion);

    public RuleSet RulesFor(UserInfo user, string ns) => IsPrivileged(user) ? Everything : RuleSet.Empty;
}
