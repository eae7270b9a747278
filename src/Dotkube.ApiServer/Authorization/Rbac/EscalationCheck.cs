using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Authorization.Rbac;

/// <summary>
/// RBAC's escalation prevention, as upstream's policy-based role and binding storage enforces it
/// (here as an admission step, so dry-run requests are checked the same way):
/// a Role or ClusterRole may be written only by someone who holds every permission it grants or
/// may "escalate" on it; a binding only by someone who holds the bound role's permissions or may
/// "bind" it; an aggregationRule only by someone with full authority. system:masters are exempt.
/// </summary>
public sealed class EscalationCheck(RbacCache rbac, IReadOnlyList<IAuthorizer> chain) : IValidatingAdmissionPlugin
{
    public string Name => "RBACEscalationCheck";

    private const string Group = "rbac.authorization.k8s.io";

    private static readonly IReadOnlyList<PolicyRule> FullAuthority =
        [PolicyRule.Resource(["*"], ["*"], ["*"]), PolicyRule.NonResource(["*"], ["*"])];

    public async ValueTask ValidateAsync(AdmissionAttributes a, CancellationToken ct)
    {
        if (a.Resource.Group != Group || a.Operation is not ("CREATE" or "UPDATE") || a.Object is null || a.Subresource.Length > 0)
        {
            return;
        }
        if (PrivilegedGroupAuthorizer.IsPrivileged(a.User) || (a.OldObject is not null && OnlyGarbageCollectionFieldsChange(a.Object, a.OldObject)))
        {
            return;
        }
        switch (a.Resource.Plural)
        {
            case "roles" or "clusterroles":
                await CheckRoleAsync(a, ct);
                break;
            case "rolebindings" or "clusterrolebindings":
                await CheckBindingAsync(a, ct);
                break;
        }
    }

    private async Task CheckRoleAsync(AdmissionAttributes a, CancellationToken ct)
    {
        var name = ObjectJson.Name(a.Object!);
        if (a.Resource.Plural == "clusterroles" && a.Object!["aggregationRule"] is { } rule
            && (a.OldObject is null || !JsonNode.DeepEquals(rule, a.OldObject["aggregationRule"]))
            && Missing(a.User, "", FullAuthority).Missing.Count > 0)
        {
            throw ForbiddenError.Build(Group, a.Resource.Plural, name, "must have cluster-admin privileges to use the aggregationRule");
        }
        if (await AllowedAsync(a.User, "escalate", a.Resource.Plural, a.Namespace, name, ct))
        {
            return;
        }
        ConfirmNoEscalation(a, PolicyRule.ListFrom(a.Object!));
    }

    private async Task CheckBindingAsync(AdmissionAttributes a, CancellationToken ct)
    {
        var roleRef = a.Object!.Obj("roleRef");
        var kind = roleRef.StrOrEmpty("kind");
        var roleName = roleRef.StrOrEmpty("name");
        var roleResource = kind == "Role" ? "roles" : kind == "ClusterRole" ? "clusterroles" : "";
        if (roleResource.Length > 0 && await AllowedAsync(a.User, "bind", roleResource, a.Namespace, roleName, ct))
        {
            return;
        }
        var (rules, error) = rbac.RoleReferenceRules(kind, roleName, a.Namespace);
        if (rules is null)
        {
            throw StatusException.BadRequest(error!);
        }
        ConfirmNoEscalation(a, rules);
    }

    private void ConfirmNoEscalation(AdmissionAttributes a, IReadOnlyList<PolicyRule> rules)
    {
        var (missing, errors) = Missing(a.User, a.Namespace, rules);
        if (missing.Count == 0)
        {
            return;
        }
        var described = RuleCoverage.Compact(missing).Select(r => r.CompactString()).Distinct().Order(StringComparer.Ordinal);
        var message = $"user \"{a.User.Name}\" (groups={PolicyRule.GoQuotedList(a.User.Groups)}) is attempting to grant RBAC permissions not currently held:\n{string.Join("\n", described)}";
        if (errors.Count > 0)
        {
            message += $"; resolution errors: [{RbacAuthorizer.Aggregate(errors)}]";
        }
        throw ForbiddenError.Build(Group, a.Resource.Plural, ObjectJson.Name(a.Object!), message);
    }

    private (IReadOnlyList<PolicyRule> Missing, IReadOnlyList<string> Errors) Missing(UserInfo user, string ns, IReadOnlyList<PolicyRule> rules)
    {
        var held = rbac.RulesFor(user, ns);
        return (RuleCoverage.Missing(held.Rules, rules), held.Errors);
    }

    private async Task<bool> AllowedAsync(UserInfo user, string verb, string resource, string ns, string name, CancellationToken ct)
    {
        var attributes = new AuthorizationAttributes(user, verb, true, "", Group, "v1", resource, "", ns, name);
        return (await AuthorizerChain.AuthorizeAsync(chain, attributes, ct)).Decision == AuthorizationDecision.Allow;
    }

    /// <summary>Upstream lets through updates that only touch what the garbage collector changes.</summary>
    private static bool OnlyGarbageCollectionFieldsChange(JsonObject obj, JsonObject old)
    {
        static JsonObject Strip(JsonObject o)
        {
            var copy = (JsonObject)o.DeepClone();
            if (copy["metadata"] is JsonObject m)
            {
                foreach (var field in new[] { "ownerReferences", "finalizers", "resourceVersion", "managedFields", "generation", "creationTimestamp", "uid" })
                {
                    m.Remove(field);
                }
            }
            return copy;
        }
        return JsonNode.DeepEquals(Strip(obj), Strip(old));
    }
}
