using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.PodTopologySpread;
using Dotkube.Scheduler.Tests.Testing;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Hostname = "kubernetes.io/hostname";
    private const string Skew = "Unschedulable: " + PodTopologySpreadPlugin.ErrReasonConstraintsNotMatch;
    private const string MissingLabel = "UnschedulableAndUnresolvable: " + PodTopologySpreadPlugin.ErrReasonNodeLabelNotMatch;

    private static V1Node[] Nodes =>
    [
        new MakeNode("a1").Label(Zone, "a"),
        new MakeNode("a2").Label(Zone, "a"),
        new MakeNode("b1").Label(Zone, "b"),
        new MakeNode("nozone"),
    ];

    private static MakePod Foo(string name, string node) => new MakePod(name).Label("app", "foo").Node(node);

    public static TheoryData<string, MakePod, MakePod[], string[]> Cases => new()
    {
        {
            "with no pods yet every zoned node fits and a node without the zone label is unresolvable",
            new MakePod("p").Label("app", "foo").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo"), [],
            ["", "", "", MissingLabel]
        },
        {
            "placing into the fuller zone would exceed maxSkew 1",
            new MakePod("p").Label("app", "foo").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo"), [Foo("x", "a1")],
            [Skew, Skew, "", MissingLabel]
        },
        {
            "maxSkew 2 allows one more in the fuller zone",
            new MakePod("p").Label("app", "foo").SpreadConstraint(2, Zone, "DoNotSchedule", "app", "foo"), [Foo("x", "a1")],
            ["", "", "", MissingLabel]
        },
        {
            "a pod its own selector does not match does not add itself",
            new MakePod("p").Label("app", "bar").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo"), [Foo("x", "a1")],
            ["", "", "", MissingLabel]
        },
        {
            "pods in other namespaces and terminating pods are not counted",
            new MakePod("p").Label("app", "foo").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo"),
            [new MakePod("x", "other").Label("app", "foo").Node("a1"), Foo("y", "a2").Terminating()],
            ["", "", "", MissingLabel]
        },
        {
            "minDomains above the number of zones makes the global minimum zero",
            new MakePod("p").Label("app", "foo").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo", minDomains: 3), [Foo("x", "b1")],
            ["", "", Skew, MissingLabel]
        },
        {
            "by hostname each node is its own domain",
            new MakePod("p").Label("app", "foo").SpreadConstraint(1, Hostname, "DoNotSchedule", "app", "foo"), [Foo("x", "a1")],
            [Skew, "", "", ""]
        },
        {
            "ScheduleAnyway constraints never filter",
            new MakePod("p").Label("app", "foo").SpreadConstraint(1, Zone, "ScheduleAnyway", "app", "foo"), [Foo("x", "a1"), Foo("y", "a2")],
            ["", "", "", ""]
        },
        {
            "matchLabelKeys narrows the selector to pods with the same value",
            new MakePod("p").Label("app", "foo").Label("rev", "2").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo", matchLabelKeys: ["rev"]),
            [Foo("old", "a1").Label("rev", "1")],
            ["", "", "", MissingLabel]
        },
        {
            "with nodeAffinityPolicy Honor domains outside the pod's node affinity are not counted",
            new MakePod("p").Label("app", "foo").NodeAffinityIn(Zone, "a").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo"),
            [Foo("x", "a1")],
            ["", "", "", MissingLabel]
        },
        {
            "with nodeAffinityPolicy Ignore those domains count and keep the minimum at zero",
            new MakePod("p").Label("app", "foo").NodeAffinityIn(Zone, "a").SpreadConstraint(1, Zone, "DoNotSchedule", "app", "foo", nodeAffinityPolicy: "Ignore"),
            [Foo("x", "a1")],
            [Skew, Skew, "", MissingLabel]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter(string name, MakePod pod, MakePod[] existing, string[] expected)
    {
        var h = PluginHarness.With(Nodes, existing.Select(e => e.Obj()));
        var r = h.Filter(new PodTopologySpreadPlugin(h.Cache), pod);
        var actual = new[] { r["a1"], r["a2"], r["b1"], r["nozone"] };
        Assert.True(expected.SequenceEqual(actual), name + ": " + string.Join(" | ", actual));
    }

    [Fact]
    public void Scoring_prefers_the_zone_with_fewer_matching_pods()
    {
        var h = PluginHarness.With(Nodes.Take(3), [Foo("x", "a1"), Foo("y", "a2")]);

        var scores = h.Score(new PodTopologySpreadPlugin(h.Cache), new MakePod("p").Label("app", "foo").SpreadConstraint(1, Zone, "ScheduleAnyway", "app", "foo"));

        Assert.True(scores["b1"] > scores["a1"], $"b1={scores["b1"]} a1={scores["a1"]}");
        Assert.Equal(100, scores["b1"]);
        Assert.Equal(scores["a1"], scores["a2"]);
    }

    [Fact]
    public void Pods_without_constraints_selected_by_a_service_are_spread_by_the_default_constraints()
    {
        var h = PluginHarness.With(Nodes.Take(3), [Foo("x", "a1")]);
        h.Cache.SetWorkloadSelector("Service", "default", "foo", LabelMatcher.From(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "foo" } }));

        var scores = h.Score(new PodTopologySpreadPlugin(h.Cache), new MakePod("p").Label("app", "foo"));

        Assert.True(scores["b1"] > scores["a2"] && scores["a2"] > scores["a1"], $"a1={scores["a1"]} a2={scores["a2"]} b1={scores["b1"]}");
    }

    [Fact]
    public void Pods_without_constraints_and_without_a_selecting_workload_are_not_scored()
    {
        var h = PluginHarness.With(Nodes.Take(3), [Foo("x", "a1")]);
        var plugin = new PodTopologySpreadPlugin(h.Cache);
        Assert.True(plugin.PreScore(new CycleState(), new PodInfo(new MakePod("p").Label("app", "foo")), h.Cache.Nodes).IsSkip);
    }
}
