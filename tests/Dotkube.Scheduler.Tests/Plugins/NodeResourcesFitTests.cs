using Dotkube.Scheduler.Plugins.NodeResourcesBalancedAllocation;
using Dotkube.Scheduler.Plugins.NodeResourcesFit;
using Dotkube.Scheduler.Tests.Testing;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Plugins;

public sealed class NodeResourcesFitTests
{
    private static V1Node Node => new MakeNode("n").Capacity("cpu", "2", "memory", "4Gi", "pods", "3", "example.com/gpu", "1");

    public static TheoryData<string, MakePod, MakePod[], string> FilterCases => new()
    {
        { "a pod requesting nothing fits", new MakePod("p"), [], "" },
        { "a pod that fits in what is left fits", new MakePod("p").Req("cpu", "1", "memory", "1Gi"), [new MakePod("e").Node("n").Req("cpu", "1")], "" },
        { "a pod needing more cpu than is left is rejected", new MakePod("p").Req("cpu", "1500m"), [new MakePod("e").Node("n").Req("cpu", "1")], "Unschedulable: Insufficient cpu" },
        { "every insufficient resource is a reason", new MakePod("p").Req("cpu", "3", "memory", "5Gi"), [], "Unschedulable: Insufficient cpu, Insufficient memory" },
        { "an init container's request counts", new MakePod("p").InitReq("memory", "5Gi"), [], "Unschedulable: Insufficient memory" },
        { "an extended resource the node lacks is insufficient", new MakePod("p").Req("example.com/fpga", "1"), [], "Unschedulable: Insufficient example.com/fpga" },
        { "an extended resource the node has fits", new MakePod("p").Req("example.com/gpu", "1"), [], "" },
        { "ephemeral storage the node does not offer is insufficient", new MakePod("p").Req("ephemeral-storage", "1Gi"), [], "Unschedulable: Insufficient ephemeral-storage" },
        { "a full node rejects even a pod requesting nothing", new MakePod("p"), [new MakePod("a").Node("n"), new MakePod("b").Node("n"), new MakePod("c").Node("n")], "Unschedulable: Too many pods" },
        { "pod overhead counts", new MakePod("p").Req("cpu", "2").Overhead("cpu", "100m"), [], "Unschedulable: Insufficient cpu" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, MakePod pod, MakePod[] existing, string expected)
    {
        var h = PluginHarness.With([Node], existing.Select(e => e.Obj()));
        Assert.True(expected == h.Filter(new NodeResourcesFitPlugin(), pod)["n"], name + ": " + h.Filter(new NodeResourcesFitPlugin(), pod)["n"]);
    }

    [Fact]
    public void Least_allocated_prefers_the_emptier_node()
    {
        var h = PluginHarness.With(
            [new MakeNode("empty").Capacity("cpu", "4", "memory", "8Gi", "pods", "110"), new MakeNode("half").Capacity("cpu", "4", "memory", "8Gi", "pods", "110")],
            [new MakePod("e").Node("half").Req("cpu", "2", "memory", "4Gi")]);

        var scores = h.Score(new NodeResourcesFitPlugin(), new MakePod("p").Req("cpu", "1", "memory", "2Gi"));

        // (4-1)/4 = 75 on both resources; (4-3)/4 = 25.
        Assert.Equal(75, scores["empty"]);
        Assert.Equal(25, scores["half"]);
    }

    [Fact]
    public void Balanced_allocation_prefers_equal_cpu_and_memory_fractions()
    {
        var h = PluginHarness.With(
            [new MakeNode("a").Capacity("cpu", "4", "memory", "4Gi", "pods", "110"), new MakeNode("b").Capacity("cpu", "4", "memory", "4Gi", "pods", "110")],
            [new MakePod("e").Node("b").Req("cpu", "2")]);

        var scores = h.Score(new BalancedAllocationPlugin(), new MakePod("p").Req("cpu", "1", "memory", "1Gi"));

        // a: 0.25 and 0.25 → 100. b: 0.75 and 0.25 → std 0.25 → 75.
        Assert.Equal(100, scores["a"]);
        Assert.Equal(75, scores["b"]);
    }
}
