namespace Dotkube.ApiServer.Authorization;

/// <summary>Allow, deny, or leave the decision to the next authorizer in the chain.</summary>
public enum AuthorizationDecision { NoOpinion, Allow, Deny }

/// <param name="Reason">why; upstream appends it to Forbidden messages (e.g. RBAC's "role … not found").</param>
public sealed record AuthorizationResult(AuthorizationDecision Decision, string Reason = "")
{
    public static AuthorizationResult Allowed { get; } = new(AuthorizationDecision.Allow);

    public static AuthorizationResult NoOpinion { get; } = new(AuthorizationDecision.NoOpinion);
}

/// <summary>
/// One authorizer in the chain (upstream order: Node, RBAC). The first Allow or Deny wins; when all
/// have no opinion the request is forbidden.
/// </summary>
public interface IAuthorizer
{
    ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken);
}
