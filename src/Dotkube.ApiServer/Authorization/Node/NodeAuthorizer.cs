using Dotkube.ApiServer.Authorization.Bootstrap;
using Dotkube.ApiServer.Authorization.Rbac;

namespace Dotkube.ApiServer.Authorization.Node;

/// <summary>
/// The Node authorizer: a node (system:node:NAME in system:nodes) may read the secrets, config
/// maps, claims and volumes its pods use, get its own pods, write its own Lease and CSINode, and
/// otherwise do what the system:node role's rules say (NodeRestriction admission then limits
/// writes to its own Node and pods). Everyone else, and anything unrelated, gets no opinion.
/// </summary>
public sealed class NodeAuthorizer(NodeGraph graph) : IAuthorizer, IRuleResolver
{
    private static readonly Lazy<IReadOnlyList<PolicyRule>> NodeRules = new(() => BootstrapPolicy.RulesOf("system:node"));

    public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes a, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Decide(a));

    private AuthorizationResult Decide(AuthorizationAttributes a)
    {
        if (!NodeIdentity.TryGetNodeName(a.User, out var node))
        {
            return AuthorizationResult.NoOpinion;
        }
        if (!a.IsResourceRequest)
        {
            return ByRules(a);
        }
        var sub = RuleMatching.SubresourceOf(a);
        switch (a.ApiGroup, a.Resource, sub)
        {
            case ("", "secrets" or "configmaps" or "persistentvolumeclaims", ""):
                return a.Verb == "get" && graph.NodeReferences(node, a.Resource, a.Namespace, a.Name) ? AuthorizationResult.Allowed : NoRelationship(node);
            case ("", "persistentvolumeclaims", "status"):
                return a.Verb is "get" or "update" or "patch" && graph.NodeReferences(node, a.Resource, a.Namespace, a.Name) ? AuthorizationResult.Allowed : NoRelationship(node);
            case ("", "persistentvolumes", ""):
                return a.Verb == "get" && graph.NodeReachesVolume(node, a.Name) ? AuthorizationResult.Allowed : NoRelationship(node);
            case ("", "serviceaccounts", "token"):
                return a.Verb == "create" && graph.NodeReferences(node, "serviceaccounts", a.Namespace, a.Name) ? AuthorizationResult.Allowed : NoRelationship(node);
            case ("", "pods", "") when a.Verb == "get":
                return graph.PodIsOnNode(node, a.Namespace, a.Name) ? AuthorizationResult.Allowed : NoRelationship(node);
            case ("coordination.k8s.io", "leases", ""):
                return a.Namespace == "kube-node-lease" && (a.Name == node || (a.Name.Length == 0 && a.Verb == "create"))
                    && a.Verb is "get" or "create" or "update" or "patch" or "delete"
                    ? AuthorizationResult.Allowed
                    : new AuthorizationResult(AuthorizationDecision.NoOpinion, "can only access node lease with the same name as the requesting node");
            case ("storage.k8s.io", "csinodes", ""):
                return (a.Name == node || (a.Name.Length == 0 && a.Verb == "create")) && a.Verb is "get" or "create" or "update" or "patch" or "delete"
                    ? AuthorizationResult.Allowed
                    : new AuthorizationResult(AuthorizationDecision.NoOpinion, "can only access CSINode with the same name as the requesting node");
            default:
                return ByRules(a);
        }
    }

    private static AuthorizationResult ByRules(AuthorizationAttributes a) =>
        NodeRules.Value.Any(r => RuleMatching.Allows(r, a)) ? AuthorizationResult.Allowed : AuthorizationResult.NoOpinion;

    private static AuthorizationResult NoRelationship(string node) =>
        new(AuthorizationDecision.NoOpinion, $"no relationship found between node '{node}' and this object");

    /// <summary>Upstream lists the node rules for a node (incomplete: the graph grants more per object).</summary>
    public RuleSet RulesFor(Authentication.UserInfo user, string ns) =>
        NodeIdentity.TryGetNodeName(user, out _) ? new RuleSet(NodeRules.Value, []) : RuleSet.Empty;
}
