using Dotkube.Scheduler.Tests.Testing;

namespace Dotkube.Scheduler.Tests.Framework;

public sealed class SchedulingAlgorithmTests
{
    [Theory]
    [InlineData("below 100 nodes all are searched", 0, 50, 50)]
    [InlineData("at 100 nodes the adaptive share is 50% but at least 100", 0, 100, 100)]
    [InlineData("1000 nodes: 50 - 8 = 42%", 0, 1000, 420)]
    [InlineData("5000 nodes: 50 - 40 = 10%", 0, 5000, 500)]
    [InlineData("6000 nodes: the share bottoms out at 5%", 0, 6000, 300)]
    [InlineData("a configured percentage is used as is", 30, 1000, 300)]
    [InlineData("a configured percentage never goes below 100 nodes", 1, 1000, 100)]
    [InlineData("100 percent means all", 100, 1000, 1000)]
    public void The_number_of_feasible_nodes_to_find_follows_upstreams_percentage_of_nodes_to_score(string name, int percentage, int nodes, int expected)
    {
        Assert.True(expected == SchedulingAlgorithm.NumFeasibleNodesToFind(percentage, nodes), name);
    }

    [Fact]
    public async Task Each_cycle_starts_filtering_where_the_previous_one_stopped()
    {
        // 200 identical nodes: only 100 are searched per pod; the next pod starts at the 101st.
        // One worker, so which nodes are searched is deterministic.
        var c = new FakeCluster(parallelism: 1);
        for (var i = 0; i < 200; i++)
        {
            c.AddNode(new MakeNode($"node-{i:D3}"));
        }

        c.AddPod(new MakePod("a").Req("cpu", "100m"));
        await c.Scheduler.ScheduleAllReadyAsync();
        c.AddPod(new MakePod("b").Req("cpu", "100m"));
        await c.Scheduler.ScheduleAllReadyAsync();

        var a = int.Parse(c.NodeOf("a")!["node-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var b = int.Parse(c.NodeOf("b")!["node-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(a, 0, 99);
        Assert.InRange(b, 100, 199);
    }
}
