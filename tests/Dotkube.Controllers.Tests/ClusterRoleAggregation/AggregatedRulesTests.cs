using Dotkube.Controllers.ClusterRoleAggregation;
using k8s.Models;

namespace Dotkube.Controllers.Tests.ClusterRoleAggregation;

public class AggregatedRulesTests
{
    private static V1PolicyRule Rule(string resource, params string[] verbs) => new() { ApiGroups = [""], Resources = [resource], Verbs = verbs };

    private static V1ClusterRole Role(string name, string? label, params V1PolicyRule[] rules) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = label is null ? null : new Dictionary<string, string> { [label] = "true" } },
        Rules = rules,
    };

    private static readonly V1ClusterRole View = new()
    {
        Metadata = new V1ObjectMeta { Name = "view" },
        AggregationRule = new V1AggregationRule
        {
            ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["aggregate-to-view"] = "true" } }],
        },
        Rules = [Rule("stale", "get")],
    };

    [Fact]
    public void The_union_takes_matching_roles_in_name_order_without_repeats()
    {
        var all = new[]
        {
            View,
            Role("z-widgets", "aggregate-to-view", Rule("widgets", "get"), Rule("pods", "get")),
            Role("a-pods", "aggregate-to-view", Rule("pods", "get")),
            Role("unlabelled", null, Rule("secrets", "get")),
            Role("other-label", "aggregate-to-edit", Rule("secrets", "get")),
        };
        var union = AggregatedRules.Union(View, all);
        Assert.Equal(["pods", "widgets"], union.Select(r => r.Resources.Single()));
    }

    [Theory]
    [InlineData("the same rules", new[] { "get" }, new[] { "get" }, true)]
    [InlineData("verbs in another order", new[] { "get", "list" }, new[] { "list", "get" }, false)]
    [InlineData("another verb", new[] { "get" }, new[] { "list" }, false)]
    public void Rules_are_compared_as_upstreams_deep_equal(string what, string[] a, string[] b, bool same) =>
        Assert.True(same == AggregatedRules.SameRules([Rule("pods", a)], [Rule("pods", b)]), what);

    [Fact]
    public void No_rules_and_an_empty_list_are_the_same()
    {
        Assert.True(AggregatedRules.SameRules(null, []));
        Assert.True(AggregatedRules.SameRules([new V1PolicyRule { Verbs = ["get"], ApiGroups = [] }], [new V1PolicyRule { Verbs = ["get"] }]));
    }
}
