using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Rbac;

/// <summary>rbac.authorization.k8s.io/v1 roles, rolebindings, clusterroles and clusterrolebindings.</summary>
public static class RbacResources
{
    public static ResourceDefinition Roles { get; } = Define("Role", "roles", "role", true, new RoleStrategy(namespaced: true), typeof(k8s.Models.V1Role));

    public static ResourceDefinition ClusterRoles { get; } = Define("ClusterRole", "clusterroles", "clusterrole", false, new RoleStrategy(namespaced: false), typeof(k8s.Models.V1ClusterRole));

    public static ResourceDefinition RoleBindings { get; } = Define("RoleBinding", "rolebindings", "rolebinding", true, new RoleBindingStrategy(namespaced: true), typeof(k8s.Models.V1RoleBinding));

    public static ResourceDefinition ClusterRoleBindings { get; } = Define("ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false, new RoleBindingStrategy(namespaced: false), typeof(k8s.Models.V1ClusterRoleBinding));

    private static ResourceDefinition Define(string kind, string plural, string singular, bool namespaced, IResourceStrategy strategy, Type model) => new()
    {
        Group = RbacValidation.GroupName,
        Versions = ["v1"],
        Kind = kind,
        Plural = plural,
        Singular = singular,
        Namespaced = namespaced,
        StoragePrefix = "/registry/" + plural,
        Strategy = strategy,
        ModelTypes = new Dictionary<string, Type> { ["v1"] = model },
    };
}

/// <summary>
/// Roles and cluster roles: names are URL path segments, rules are checked; no printer upstream,
/// so kubectl shows the default NAME / CREATED AT table.
/// </summary>
public sealed class RoleStrategy(bool namespaced) : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name) => PathSegments.Validate(name);

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        RbacValidation.ValidateRules(obj, namespaced, errors);
        if (!namespaced && obj.Obj("aggregationRule") is { } aggregation)
        {
            var selectors = aggregation.Arr("clusterRoleSelectors").Objects().ToList();
            if (selectors.Count == 0)
            {
                errors.Add(FieldError.Required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }
            for (var i = 0; i < selectors.Count; i++)
            {
                LabelSelectors.Validate(selectors[i], FieldPath.Index("aggregationRule.clusterRoleSelectors", i), errors);
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } = GroupColumns.Default;
}

/// <summary>Role bindings and cluster role bindings: defaults, validation, immutable roleRef.</summary>
public sealed class RoleBindingStrategy(bool namespaced) : ResourceStrategy
{
    private readonly string kindWord = namespaced ? "roleBinding" : "clusterRoleBinding";

    public override IReadOnlyList<string> ValidateName(string name) => PathSegments.Validate(name);

    public override void Default(JsonObject obj) => RbacValidation.DefaultBinding(obj);

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        RbacValidation.ValidateBinding(obj, namespaced, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        RbacValidation.ValidateBinding(obj, namespaced, errors);
        RbacValidation.RoleRefImmutable(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns =>
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.",
            (o, _) => $"{o.Obj("roleRef").StrOrEmpty("kind")}/{o.Obj("roleRef").StrOrEmpty("name")}"),
        TableColumn.AgeColumn,
        GroupColumns.Text("Users", $"Users in the {kindWord}", (o, _) => RbacValidation.Subjects(o).Users, 1),
        GroupColumns.Text("Groups", $"Groups in the {kindWord}", (o, _) => RbacValidation.Subjects(o).Groups, 1),
        GroupColumns.Text("ServiceAccounts", $"ServiceAccounts in the {kindWord}", (o, _) => RbacValidation.Subjects(o).ServiceAccounts, 1),
    ];
}
