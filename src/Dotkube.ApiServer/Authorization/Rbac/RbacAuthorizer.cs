namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// The RBAC authorizer: allows when any rule bound to the user (through a ClusterRoleBinding, or a
/// RoleBinding in the request's namespace) allows the request; otherwise has no opinion, with the
/// reason "RBAC: …" when some binding's role could not be resolved.
/// </summary>
public sealed class RbacAuthorizer(RbacCache cache) : IAuthorizer, IRuleResolver
{
    public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        var allowed = false;
        List<string>? errors = null;
        cache.VisitRules(attributes.User, attributes.Namespace, (_, rule, error) =>
        {
            if (error is not null)
            {
                (errors ??= []).Add(error);
                return true;
            }
            allowed = RuleMatching.Allows(rule!, attributes);
            return !allowed;
        });
        if (allowed)
        {
            return ValueTask.FromResult(AuthorizationResult.Allowed);
        }
        return ValueTask.FromResult(errors is null
            ? AuthorizationResult.NoOpinion
            : new AuthorizationResult(AuthorizationDecision.NoOpinion, "RBAC: " + Aggregate(errors)));
    }

    public RuleSet RulesFor(Authentication.UserInfo user, string ns) => cache.RulesFor(user, ns);

    /// <summary>Go's utilerrors aggregate: one error as itself, several as [a, b].</summary>
    public static string Aggregate(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
}
