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
        RbacBinding? allowedBy = null;
        List<string>? errors = null;
        cache.VisitRules(attributes.User, attributes.Namespace, (binding, rule, error) =>
        {
            if (error is not null)
            {
                (errors ??= []).Add(error);
                return true;
            }
            if (RuleMatching.Allows(rule!, attributes))
            {
                allowedBy = binding;
                return false;
            }
            return true;
        });
        if (allowedBy is not null)
        {
            return ValueTask.FromResult(new AuthorizationResult(AuthorizationDecision.Allow, "RBAC: allowed by " + Describe(allowedBy, attributes.User)));
        }
        return ValueTask.FromResult(errors is null
            ? AuthorizationResult.NoOpinion
            : new AuthorizationResult(AuthorizationDecision.NoOpinion, "RBAC: " + Aggregate(errors)));
    }

    /// <summary>Upstream's binding describer: ClusterRoleBinding "b" of ClusterRole "r" to Group "g" (RoleBinding "b/ns" …).</summary>
    public static string Describe(RbacBinding b, Authentication.UserInfo user)
    {
        var keys = SubjectKeys.For(user);
        var subject = b.Subjects.FirstOrDefault(s => b.KeyOf(s) is { } k && keys.Contains(k));
        var who = subject is null ? "" : subject.Kind == "ServiceAccount"
            ? $"{subject.Kind} \"{subject.Name}/{(subject.Namespace.Length > 0 ? subject.Namespace : b.Namespace)}\""
            : $"{subject.Kind} \"{subject.Name}\"";
        return b.Namespace.Length == 0
            ? $"ClusterRoleBinding \"{b.Name}\" of {b.RoleKind} \"{b.RoleName}\" to {who}"
            : $"RoleBinding \"{b.Name}/{b.Namespace}\" of {b.RoleKind} \"{b.RoleName}\" to {who}";
    }

    public RuleSet RulesFor(Authentication.UserInfo user, string ns) => cache.RulesFor(user, ns);

    /// <summary>Go's utilerrors aggregate: one error as itself, several as [a, b].</summary>
    public static string Aggregate(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
}
