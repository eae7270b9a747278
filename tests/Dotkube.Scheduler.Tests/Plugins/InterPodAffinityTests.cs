using Dotkube.Scheduler.Plugins.InterPodAffinity;
using Dotkube.Scheduler.Tests.Testing;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private const string Hostname = "kubernetes.io/hostname";
    private const string Zone = "topology.kubernetes.io/zone";
    private const string AffinityMismatch = "UnschedulableAndUnresolvable: " + InterPodAffinityPlugin.ErrReasonAffinityRulesNotMatch;
    private const string AntiMismatch = "Unschedulable: " + InterPodAffinityPlugin.ErrReasonAntiAffinityRulesNotMatch;
    private const string ExistingAnti = "Unschedulable: " + InterPodAffinityPlugin.ErrReasonExistingAntiAffinityRulesNotMatch;

    private static V1Node[] Nodes =>
    [
        new MakeNode("a1").Label(Zone, "a"),
        new MakeNode("a2").Label(Zone, "a"),
        new MakeNode("b1").Label(Zone, "b"),
    ];

    public static TheoryData<string, MakePod, MakePod[], string, string, string> Cases => new()
    {
        {
            "a pod without affinity fits everywhere",
            new MakePod("p"), [new MakePod("e").Node("a1").Label("app", "db")], "", "", ""
        },
        {
            "required affinity by zone admits every node of the zone with a matching pod",
            new MakePod("p").PodAffinity(Zone, "app", "db"), [new MakePod("e").Node("a1").Label("app", "db")], "", "", AffinityMismatch
        },
        {
            "required affinity by hostname admits only the node with the matching pod",
            new MakePod("p").PodAffinity(Hostname, "app", "db"), [new MakePod("e").Node("a1").Label("app", "db")], "", AffinityMismatch, AffinityMismatch
        },
        {
            "the first pod of a group with affinity to itself may go anywhere",
            new MakePod("p").Label("app", "db").PodAffinity(Zone, "app", "db"), [], "", "", ""
        },
        {
            "affinity to pods in another namespace does not match without namespaces",
            new MakePod("p").PodAffinity(Zone, "app", "db"), [new MakePod("e", "other").Node("a1").Label("app", "db")], AffinityMismatch, AffinityMismatch, AffinityMismatch
        },
        {
            "affinity listing the other namespace matches there",
            new MakePod("p").PodAffinity(Zone, "app", "db", namespaces: ["other"]), [new MakePod("e", "other").Node("a1").Label("app", "db")], "", "", AffinityMismatch
        },
        {
            "an empty namespace selector matches every namespace",
            new MakePod("p").PodAffinity(Zone, "app", "db", namespaceSelector: new V1LabelSelector()), [new MakePod("e", "other").Node("b1").Label("app", "db")], AffinityMismatch, AffinityMismatch, ""
        },
        {
            "a namespace selector matches namespaces by their labels",
            new MakePod("p").PodAffinity(Zone, "app", "db", namespaceSelector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "blue" } }),
            [new MakePod("e", "blue-ns").Node("b1").Label("app", "db"), new MakePod("f", "red-ns").Node("a1").Label("app", "db")], AffinityMismatch, AffinityMismatch, ""
        },
        {
            "required anti-affinity by hostname rejects only the node with the matching pod",
            new MakePod("p").PodAntiAffinity(Hostname, "app", "web"), [new MakePod("e").Node("a1").Label("app", "web")], AntiMismatch, "", ""
        },
        {
            "required anti-affinity by zone rejects the whole zone",
            new MakePod("p").PodAntiAffinity(Zone, "app", "web"), [new MakePod("e").Node("a1").Label("app", "web")], AntiMismatch, AntiMismatch, ""
        },
        {
            "an existing pod's anti-affinity rejects the incoming pod it selects (symmetry)",
            new MakePod("p").Label("app", "web"), [new MakePod("e").Node("a2").PodAntiAffinity(Zone, "app", "web")], ExistingAnti, ExistingAnti, ""
        },
        {
            "an existing pod's anti-affinity ignores pods it does not select",
            new MakePod("p").Label("app", "batch"), [new MakePod("e").Node("a2").PodAntiAffinity(Zone, "app", "web")], "", "", ""
        },
        {
            "a terminating pod still counts for anti-affinity",
            new MakePod("p").PodAntiAffinity(Hostname, "app", "web"), [new MakePod("e").Node("b1").Label("app", "web").Terminating()], "", "", AntiMismatch
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter(string name, MakePod pod, MakePod[] existing, string a1, string a2, string b1)
    {
        var h = PluginHarness.With(Nodes, existing.Select(e => e.Obj()));
        h.Cache.SetNamespace(new V1Namespace { Metadata = new V1ObjectMeta { Name = "blue-ns", Labels = new Dictionary<string, string> { ["team"] = "blue" } } });
        h.Cache.SetNamespace(new V1Namespace { Metadata = new V1ObjectMeta { Name = "red-ns", Labels = new Dictionary<string, string> { ["team"] = "red" } } });
        var r = h.Filter(new InterPodAffinityPlugin(h.Cache), pod);
        Assert.True((a1, a2, b1) == (r["a1"], r["a2"], r["b1"]), $"{name}: a1=[{r["a1"]}] a2=[{r["a2"]}] b1=[{r["b1"]}]");
    }

    [Fact]
    public void Preferred_affinity_scores_the_zone_with_matching_pods_highest_and_anti_affinity_lowest()
    {
        var h = PluginHarness.With(Nodes, [new MakePod("cache").Node("a1").Label("app", "cache"), new MakePod("noisy").Node("b1").Label("app", "noisy")]);

        var scores = h.Score(new InterPodAffinityPlugin(h.Cache), new MakePod("p").PodAffinity(Zone, "app", "cache", weight: 10).PodAntiAffinity(Zone, "app", "noisy", weight: 10));

        Assert.Equal(100, scores["a1"]);
        Assert.Equal(100, scores["a2"]);
        Assert.Equal(0, scores["b1"]);
    }

    [Fact]
    public void An_existing_pods_required_affinity_attracts_the_pod_it_selects()
    {
        var h = PluginHarness.With(Nodes, [new MakePod("e").Node("b1").PodAffinity(Zone, "app", "web")]);

        var scores = h.Score(new InterPodAffinityPlugin(h.Cache), new MakePod("p").Label("app", "web"));

        Assert.Equal(0, scores["a1"]);
        Assert.Equal(100, scores["b1"]);
    }
}
