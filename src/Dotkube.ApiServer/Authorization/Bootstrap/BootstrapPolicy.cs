using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Rbac;

namespace Dotkube.ApiServer.Authorization.Bootstrap;

/// <summary>One default RBAC object and the resource it belongs to.</summary>
public sealed record BootstrapObject(ResourceDefinition Definition, JsonObject Object)
{
    public string Namespace => ObjectJson.Namespace(Object);

    public string Name => ObjectJson.Name(Object);
}

/// <summary>
/// The default roles and bindings every cluster starts with (upstream's bootstrappolicy), read
/// from the embedded BootstrapPolicy.txt: cluster roles, system:controller:* roles bound to their
/// controllers' service accounts, the kube-system/kube-public roles, and their bindings.
/// </summary>
public static class BootstrapPolicy
{
    public const string BootstrappingLabel = "kubernetes.io/bootstrapping";
    public const string BootstrappingValue = "rbac-defaults";
    public const string AutoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";
    public const string AggregateToPrefix = "rbac.authorization.k8s.io/aggregate-to-";

    private static readonly Lazy<IReadOnlyList<BootstrapObject>> Parsed = new(() =>
    {
        using var stream = typeof(BootstrapPolicy).Assembly.GetManifestResourceStream("Dotkube.ApiServer.Authorization.Bootstrap.BootstrapPolicy.txt")
            ?? throw new InvalidOperationException("BootstrapPolicy.txt is not embedded");
        using var reader = new StreamReader(stream);
        return BootstrapPolicyText.Parse(reader.ReadToEnd());
    });

    /// <summary>Every default object, roles before the bindings that use them.</summary>
    public static IReadOnlyList<BootstrapObject> All => Parsed.Value;

    public static IEnumerable<BootstrapObject> ClusterRoles => All.Where(o => o.Definition == RbacResources.ClusterRoles);

    /// <summary>The rules of a default cluster role as written (aggregated roles have none of their own).</summary>
    public static IReadOnlyList<PolicyRule> RulesOf(string clusterRole) =>
        PolicyRule.ListFrom(ClusterRoles.Single(o => o.Name == clusterRole).Object);

    /// <summary>
    /// The rules an aggregated default role ends up with once the aggregation controller has run
    /// over the default roles alone (admin = the admin, edit and view pieces, …).
    /// </summary>
    public static IReadOnlyList<PolicyRule> EffectiveRulesOf(string clusterRole)
    {
        var role = ClusterRoles.Single(o => o.Name == clusterRole).Object;
        if (role["aggregationRule"] is null)
        {
            return PolicyRule.ListFrom(role);
        }
        var all = ClusterRoles.Select(o => o.Object).ToList();
        return ClusterRoleAggregation.Union(role, all, name => EffectiveRulesOf(name));
    }
}
