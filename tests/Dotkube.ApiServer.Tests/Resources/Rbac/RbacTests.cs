using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Rbac;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Rbac;

public class RbacTests
{
    [Theory]
    [InlineData("system:controller:deployment-controller", new string[0])]
    [InlineData("..", new[] { "may not be '..'" })]
    [InlineData("a/b%c", new[] { "may not contain '/'", "may not contain '%'" })]
    public void Rbac_names_are_path_segments(string name, string[] expected) =>
        Assert.Equal(expected, RbacResources.ClusterRoles.Strategy.ValidateName(name));

    [Fact]
    public void Rules_need_verbs_and_resource_rules_need_groups_and_resources()
    {
        var role = Json("""{"metadata":{"name":"r","namespace":"default"},"rules":[{"resources":["pods"]},{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""");

        Assert.Equal(
        [
            "rules[0].verbs: Required value: verbs must contain at least one value",
            "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
            "rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs",
        ], Messages(RbacResources.Roles.Strategy.Validate(role)));
        Assert.Empty(RbacResources.ClusterRoles.Strategy.Validate(Json("""{"metadata":{"name":"r"},"rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""")));
    }

    [Fact]
    public void Bindings_get_api_groups_defaulted()
    {
        var binding = Json("""{"metadata":{"name":"b","namespace":"default"},"roleRef":{"kind":"Role","name":"r"},"subjects":[{"kind":"User","name":"jane"},{"kind":"ServiceAccount","name":"default","namespace":"default"}]}""");
        var (obj, errors) = Create(RbacResources.RoleBindings.Strategy, binding);

        Assert.Empty(errors);
        Assert.Equal("rbac.authorization.k8s.io", obj.Obj("roleRef").Str("apiGroup"));
        Assert.Equal("""[{"kind":"User","name":"jane","apiGroup":"rbac.authorization.k8s.io"},{"kind":"ServiceAccount","name":"default","namespace":"default","apiGroup":""}]""", obj["subjects"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"kind":"Role","name":"r"}""", """[{"kind":"Group","name":"devs"}]""", "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"")]
    [InlineData("""{"kind":"ClusterRole","name":""}""", """[]""", "roleRef.name: Required value")]
    [InlineData("""{"kind":"ClusterRole","name":"view"}""", """[{"kind":"ServiceAccount","name":"sa"}]""", "subjects[0].namespace: Required value")]
    [InlineData("""{"kind":"ClusterRole","name":"view"}""", """[{"kind":"Robot","name":"r2"}]""", "subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"")]
    public void Cluster_role_bindings_are_checked(string roleRef, string subjects, string expected)
    {
        var binding = Json($$"""{"metadata":{"name":"b"},"roleRef":{{roleRef}},"subjects":{{subjects}} }""");
        var (_, errors) = Create(RbacResources.ClusterRoleBindings.Strategy, binding);

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void The_role_ref_of_a_binding_cannot_change()
    {
        var strategy = RbacResources.RoleBindings.Strategy;
        var (old, _) = Create(strategy, Json("""{"metadata":{"name":"b","namespace":"default"},"roleRef":{"kind":"Role","name":"r"}}"""));
        var changed = (JsonObject)old.DeepClone();
        changed["roleRef"]!["name"] = "other";

        Assert.Equal(["roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"other\"}: cannot change roleRef"], Update(strategy, changed, old));
    }

    [Fact]
    public void Roles_print_the_default_table_and_bindings_their_subjects()
    {
        var role = Json("""{"metadata":{"name":"reader","creationTimestamp":"2024-05-01T11:00:00Z"}}""");
        Assert.Equal(["NAME", "CREATED AT"], Headers(RbacResources.Roles.Strategy));
        Assert.Equal(["reader", "2024-05-01T11:00:00Z"], Row(RbacResources.Roles.Strategy, role));

        var binding = Json("""{"metadata":{"name":"b","creationTimestamp":"2024-05-01T11:00:00Z"},"roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"jane"},{"kind":"User","name":"joe"},{"kind":"Group","name":"devs"},{"kind":"ServiceAccount","name":"sa","namespace":"ci"}]}""");
        Assert.Equal(["NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS"], Headers(RbacResources.ClusterRoleBindings.Strategy, wide: true));
        Assert.Equal(["b", "ClusterRole/view", "60m", "jane, joe", "devs", "ci/sa"], Row(RbacResources.ClusterRoleBindings.Strategy, binding));
    }
}
