using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.NodeAffinity;
using Dotkube.Scheduler.Plugins.NodeName;
using Dotkube.Scheduler.Plugins.NodePorts;
using Dotkube.Scheduler.Plugins.NodeUnschedulable;
using Dotkube.Scheduler.Plugins.SchedulingGates;
using Dotkube.Scheduler.Plugins.TaintToleration;
using Dotkube.Scheduler.Tests.Testing;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Plugins;

/// <summary>The plugins that look at one node only: NodeName, NodeUnschedulable, NodePorts, TaintToleration, NodeAffinity.</summary>
public sealed class NodeFilterPluginsTests
{
    public static TheoryData<string, MakeNode, MakePod, string> TaintCases => new()
    {
        { "a node without taints takes any pod", new MakeNode("n"), new MakePod("p"), "" },
        { "a NoSchedule taint rejects a pod without tolerations", new MakeNode("n").Taint("dedicated", "db", "NoSchedule"), new MakePod("p"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: db}" },
        { "a NoExecute taint rejects a pod without tolerations", new MakeNode("n").Taint("gone", null, "NoExecute"), new MakePod("p"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {gone: }" },
        { "an Equal toleration with the same value tolerates", new MakeNode("n").Taint("dedicated", "db", "NoSchedule"), new MakePod("p").Toleration("dedicated", "db", "NoSchedule"), "" },
        { "an Equal toleration with another value does not", new MakeNode("n").Taint("dedicated", "db", "NoSchedule"), new MakePod("p").Toleration("dedicated", "web", "NoSchedule"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: db}" },
        { "an Exists toleration ignores the value", new MakeNode("n").Taint("dedicated", "db", "NoSchedule"), new MakePod("p").Toleration("dedicated", null, "NoSchedule", "Exists"), "" },
        { "a toleration with an empty effect tolerates every effect", new MakeNode("n").Taint("dedicated", "db", "NoExecute"), new MakePod("p").Toleration("dedicated", "db", ""), "" },
        { "an empty key with Exists tolerates everything", new MakeNode("n").Taint("a", "b", "NoSchedule"), new MakePod("p").Toleration("", null, "", "Exists"), "" },
        { "a PreferNoSchedule taint does not filter", new MakeNode("n").Taint("soft", "x", "PreferNoSchedule"), new MakePod("p"), "" },
    };

    [Theory]
    [MemberData(nameof(TaintCases))]
    public void TaintToleration_filter(string name, MakeNode node, MakePod pod, string expected)
    {
        var actual = PluginHarness.With([node]).Filter(new TaintTolerationPlugin(), pod)["n"];
        Assert.True(expected == actual, $"{name}: {actual}");
    }

    [Fact]
    public void TaintToleration_scores_nodes_with_fewer_untolerated_prefer_no_schedule_taints_higher()
    {
        var h = PluginHarness.With([
            new MakeNode("clean"),
            new MakeNode("one").Taint("a", "x", "PreferNoSchedule"),
            new MakeNode("two").Taint("a", "x", "PreferNoSchedule").Taint("b", "y", "PreferNoSchedule"),
            new MakeNode("tolerated").Taint("c", "z", "PreferNoSchedule"),
        ]);

        var scores = h.Score(new TaintTolerationPlugin(), new MakePod("p").Toleration("c", "z", "PreferNoSchedule"));

        Assert.Equal(100, scores["clean"]);
        Assert.Equal(50, scores["one"]);
        Assert.Equal(0, scores["two"]);
        Assert.Equal(100, scores["tolerated"]);
    }

    public static TheoryData<string, MakePod, string> AffinityCases => new()
    {
        { "a pod without node constraints fits", new MakePod("p"), "" },
        { "a matching nodeSelector fits", new MakePod("p").NodeSelector("disk", "ssd"), "" },
        { "a nodeSelector on a missing label is rejected", new MakePod("p").NodeSelector("gpu", "yes"), "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector" },
        { "required affinity In a listed value fits", new MakePod("p").NodeAffinityIn("zone", "a", "b"), "" },
        { "required affinity In other values is rejected", new MakePod("p").NodeAffinityIn("zone", "c"), "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector" },
        { "terms are ORed", new MakePod("p").NodeAffinityIn("zone", "c").NodeAffinityIn("disk", "ssd"), "" },
    };

    [Theory]
    [MemberData(nameof(AffinityCases))]
    public void NodeAffinity_filter(string name, MakePod pod, string expected)
    {
        var node = new MakeNode("n").Label("disk", "ssd").Label("zone", "a");
        var actual = PluginHarness.With([node]).Filter(new NodeAffinityPlugin(), pod)["n"];
        Assert.True(expected == actual, $"{name}: {actual}");
    }

    [Theory]
    [InlineData("Gt", "5", true)]
    [InlineData("Gt", "10", false)]
    [InlineData("Lt", "11", true)]
    [InlineData("NotIn", "10", false)]
    [InlineData("Exists", null, true)]
    [InlineData("DoesNotExist", null, false)]
    public void Node_selector_operators_compare_as_upstream(string op, string? value, bool matches)
    {
        var node = new MakeNode("n").Label("cores", "10").Obj();
        var term = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "cores", OperatorProperty = op, Values = value is null ? null : [value] }] };
        Assert.Equal(matches, NodeSelectorMatcher.TermMatches(term, node));
    }

    [Fact]
    public void A_match_fields_term_selects_the_node_by_name()
    {
        var term = new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["n"] }] };
        Assert.True(NodeSelectorMatcher.TermMatches(term, new MakeNode("n")));
        Assert.False(NodeSelectorMatcher.TermMatches(term, new MakeNode("m")));
    }

    [Fact]
    public void NodeAffinity_scores_by_the_weights_of_matching_preferred_terms()
    {
        var h = PluginHarness.With([new MakeNode("ssd").Label("disk", "ssd"), new MakeNode("hdd").Label("disk", "hdd"), new MakeNode("both").Label("disk", "ssd").Label("zone", "a")]);

        var scores = h.Score(new NodeAffinityPlugin(), new MakePod("p").PreferredNodeAffinity(80, "disk", "ssd").PreferredNodeAffinity(20, "zone", "a"));

        Assert.Equal(80, scores["ssd"]);
        Assert.Equal(0, scores["hdd"]);
        Assert.Equal(100, scores["both"]);
    }

    [Fact]
    public void NodeName_rejects_every_other_node()
    {
        var h = PluginHarness.With([new MakeNode("a"), new MakeNode("b")]);
        var pod = new MakePod("p").Obj();
        pod.Spec.NodeName = "a";
        var r = h.Filter(new NodeNamePlugin(), pod);
        Assert.Equal("", r["a"]);
        Assert.Equal("UnschedulableAndUnresolvable: node(s) didn't match the requested node name", r["b"]);
    }

    [Theory]
    [InlineData("a pod without the toleration is rejected from a cordoned node", false, "UnschedulableAndUnresolvable: node(s) were unschedulable")]
    [InlineData("a pod tolerating node.kubernetes.io/unschedulable fits a cordoned node", true, "")]
    public void NodeUnschedulable_filter(string name, bool tolerates, string expected)
    {
        var pod = new MakePod("p");
        if (tolerates)
        {
            pod.Toleration("node.kubernetes.io/unschedulable", null, "NoSchedule", "Exists");
        }

        Assert.True(expected == PluginHarness.With([new MakeNode("n").Unschedulable()]).Filter(new NodeUnschedulablePlugin(), pod)["n"], name);
    }

    public static TheoryData<string, MakePod, string> PortCases => new()
    {
        { "a free port fits", new MakePod("p").HostPort(8081), "" },
        { "the same port and protocol conflicts", new MakePod("p").HostPort(8080), "Unschedulable: node(s) didn't have free ports for the requested pod ports" },
        { "the same port over UDP does not conflict", new MakePod("p").HostPort(8080, "UDP"), "" },
        { "a specific IP conflicts with the wildcard address", new MakePod("p").HostPort(8080, "TCP", "10.0.0.1"), "Unschedulable: node(s) didn't have free ports for the requested pod ports" },
    };

    [Theory]
    [MemberData(nameof(PortCases))]
    public void NodePorts_filter(string name, MakePod pod, string expected)
    {
        var h = PluginHarness.With([new MakeNode("n")], [new MakePod("e").Node("n").HostPort(8080)]);
        var actual = h.Filter(new NodePortsPlugin(), pod)["n"];
        Assert.True(expected == actual, $"{name}: {actual}");
    }

    [Fact]
    public void SchedulingGates_keep_a_gated_pod_out_listing_the_gates_like_go()
    {
        var s = new SchedulingGatesPlugin().PreEnqueue(new PodInfo(new MakePod("p").SchedulingGate("a").SchedulingGate("b")));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, s.Code);
        Assert.Equal("waiting for scheduling gates: [a b]", s.Message);
        Assert.True(new SchedulingGatesPlugin().PreEnqueue(new PodInfo(new MakePod("p"))).IsSuccess);
    }
}
