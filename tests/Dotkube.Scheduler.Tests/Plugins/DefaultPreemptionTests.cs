using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.DefaultPreemption;
using Dotkube.Scheduler.Tests.Testing;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Plugins;

public sealed class DefaultPreemptionTests
{
    private static PodInfo P(string name, int priority, int startMinute = 0) =>
        new(new MakePod(name).Priority(priority).StartTime(new DateTime(2026, 1, 1, 0, startMinute, 0, DateTimeKind.Utc)));

    public static TheoryData<string, Candidate[], string> PickCases => new()
    {
        { "fewer PDB violations wins first", [new("a", [P("x", 1)], 1), new("b", [P("y", 5), P("z", 5)], 0)], "b" },
        { "then the lower highest victim priority", [new("a", [P("x", 5)], 0), new("b", [P("y", 3), P("z", 3)], 0)], "b" },
        { "then the lower sum of priorities", [new("a", [P("x", 5), P("w", 4)], 0), new("b", [P("y", 5)], 0)], "b" },
        { "then fewer victims", [new("a", [P("x", -5), P("w", -5)], 0), new("b", [P("y", -5), P("v", -5), P("u", -5)], 0)], "a" },
        { "then the later start of the most important victims", [new("a", [P("x", 5, startMinute: 1)], 0), new("b", [P("y", 5, startMinute: 9)], 0)], "b" },
        { "then the first candidate", [new("a", [P("x", 5)], 0), new("b", [P("y", 5)], 0)], "a" },
    };

    [Theory]
    [MemberData(nameof(PickCases))]
    public void Picks_the_node_as_upstream(string name, Candidate[] candidates, string expected)
    {
        Assert.True(expected == DefaultPreemptionPlugin.PickOneNode(candidates).NodeName, name);
    }

    [Fact]
    public async Task Only_as_many_victims_as_needed_are_chosen_least_important_first()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("n").Capacity("cpu", "3", "memory", "8Gi", "pods", "110"));
        c.AddPod(new MakePod("p1").Priority(1).Req("cpu", "1").Node("n"));
        c.AddPod(new MakePod("p2").Priority(2).Req("cpu", "1").Node("n"));
        c.AddPod(new MakePod("p3").Priority(3).Req("cpu", "1").Node("n"));
        c.AddPod(new MakePod("high").Priority(100).Req("cpu", "2"));

        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(["default/p2", "default/p1"], c.Preempted);
    }

    [Fact]
    public async Task A_pod_protected_by_a_disruption_budget_is_spared_when_another_victim_suffices()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("n").Capacity("cpu", "2", "memory", "8Gi", "pods", "110"));
        c.AddPod(new MakePod("protected").Priority(1).Label("app", "db").Req("cpu", "1").Node("n"));
        c.AddPod(new MakePod("free").Priority(5).Req("cpu", "1").Node("n"));
        c.Scheduler.OnPodDisruptionBudgetAddOrUpdate(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } } },
            Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 0 },
        });
        c.AddPod(new MakePod("high").Priority(100).Req("cpu", "1"));

        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(["default/free"], c.Preempted);
    }

    [Fact]
    public async Task Nodes_rejected_as_unresolvable_are_not_helped_by_preemption()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("tainted").Taint("dedicated", "x", "NoSchedule"));
        c.AddNode(new MakeNode("full").Capacity("cpu", "1", "memory", "8Gi", "pods", "110"));
        c.AddPod(new MakePod("same").Priority(100).Req("cpu", "1").Node("full"));
        c.AddPod(new MakePod("high").Priority(100).Req("cpu", "1"));

        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: x}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..",
            c.MessageFor("high"));
    }
}
