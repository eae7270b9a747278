using Dotkube.Scheduler.Tests.Testing;

namespace Dotkube.Scheduler.Tests.Scenarios;

/// <summary>Whole scheduling runs against an in-memory cluster: queue, framework, plugins, binding and reporting.</summary>
public sealed class InMemorySchedulingTests
{
    private static FakeCluster ThreeNodes(string cpu = "4")
    {
        var c = new FakeCluster();
        foreach (var n in new[] { "node-1", "node-2", "node-3" })
        {
            c.AddNode(new MakeNode(n).Capacity("cpu", cpu, "memory", "8Gi", "pods", "110"));
        }

        return c;
    }

    private static MakePod Consul(string name) =>
        new MakePod(name).Label("app", "consul").Req("cpu", "100m").PodAntiAffinity("kubernetes.io/hostname", "app", "consul");

    [Fact]
    public async Task Three_consul_pods_with_hostname_anti_affinity_land_on_three_nodes_and_a_fourth_stays_pending_with_upstreams_message()
    {
        var c = ThreeNodes();
        for (var i = 0; i < 3; i++)
        {
            c.AddPod(Consul("consul-" + i));
            await c.Scheduler.ScheduleAllReadyAsync();
        }

        var nodes = Enumerable.Range(0, 3).Select(i => c.NodeOf("consul-" + i)).ToHashSet();
        Assert.Equal(new HashSet<string?> { "node-1", "node-2", "node-3" }, nodes);

        c.AddPod(Consul("consul-3"));
        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Null(c.NodeOf("consul-3"));
        Assert.Equal(
            "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
            c.MessageFor("consul-3"));
        Assert.Equal(SchedulingFailure.Unschedulable, c.LastFailure["default/consul-3"].Reason);
        Assert.Equal("unschedulable", c.Scheduler.Queue.LocationOf("default/consul-3"));
    }

    [Fact]
    public async Task A_pending_pod_is_scheduled_once_a_node_is_added()
    {
        var c = ThreeNodes();
        for (var i = 0; i < 4; i++)
        {
            c.AddPod(Consul("consul-" + i));
        }

        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.Equal(3, Enumerable.Range(0, 4).Count(i => c.NodeOf("consul-" + i) is not null));

        c.AddNode(new MakeNode("node-4"));
        c.Time.Advance(TimeSpan.FromSeconds(11));
        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(4, Enumerable.Range(0, 4).Select(i => c.NodeOf("consul-" + i)).Where(n => n is not null).Distinct().Count());
    }

    [Fact]
    public async Task Insufficient_cpu_and_anti_affinity_are_counted_per_reason_and_sorted()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("node-1"));
        c.AddNode(new MakeNode("node-2").Capacity("cpu", "1", "memory", "8Gi", "pods", "110"));
        c.AddNode(new MakeNode("node-3").Capacity("cpu", "1", "memory", "8Gi", "pods", "110"));
        c.AddPod(new MakePod("web-0").Label("app", "web").Node("node-1"));
        c.AddPod(new MakePod("web-1").Label("app", "web").Req("cpu", "2").PodAntiAffinity("kubernetes.io/hostname", "app", "web"));

        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(
            "0/3 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
            c.MessageFor("web-1"));
    }

    [Fact]
    public async Task A_pod_that_does_not_fit_is_scheduled_after_a_pod_on_a_node_is_deleted()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("node-1").Capacity("cpu", "1", "memory", "1Gi", "pods", "110"));
        c.AddPod(new MakePod("big-0").Req("cpu", "800m"));
        await c.Scheduler.ScheduleAllReadyAsync();
        c.AddPod(new MakePod("big-1").Req("cpu", "800m"));
        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal("node-1", c.NodeOf("big-0"));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..", c.MessageFor("big-1"));

        c.DeletePod("default/big-0");
        c.Time.Advance(TimeSpan.FromSeconds(2));
        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.Equal("node-1", c.NodeOf("big-1"));
        Assert.Contains(c.Events, e => e.Pod == "default/big-1" && e.Reason == "Scheduled" && e.Message == "Successfully assigned default/big-1 to node-1");
    }

    [Fact]
    public async Task A_higher_priority_pod_preempts_the_lowest_priority_pod_and_is_nominated_then_scheduled()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("node-1").Capacity("cpu", "2", "memory", "4Gi", "pods", "110"));
        c.AddNode(new MakeNode("node-2").Capacity("cpu", "2", "memory", "4Gi", "pods", "110"));
        c.AddPod(new MakePod("low-1").Priority(10).Req("cpu", "1500m").Node("node-1"));
        c.AddPod(new MakePod("mid-2").Priority(50).Req("cpu", "1500m").Node("node-2"));
        c.AddPod(new MakePod("high").Priority(100).Req("cpu", "1"));

        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(["default/low-1"], c.Preempted);
        Assert.Equal("node-1", c.LastFailure["default/high"].NominatedNodeName);
        Assert.Equal("0/2 nodes are available: 2 Insufficient cpu.", c.MessageFor("high"));

        c.Time.Advance(TimeSpan.FromSeconds(2));
        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.Equal("node-1", c.NodeOf("high"));
    }

    [Fact]
    public async Task A_pod_with_preemption_policy_never_does_not_preempt()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("node-1").Capacity("cpu", "1", "memory", "4Gi", "pods", "110"));
        c.AddPod(new MakePod("low").Priority(1).Req("cpu", "1").Node("node-1"));
        c.AddPod(new MakePod("high").Priority(100).PreemptionPolicy("Never").Req("cpu", "1"));

        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Empty(c.Preempted);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..", c.MessageFor("high"));
    }

    [Fact]
    public async Task Topology_spread_with_max_skew_one_spreads_six_pods_evenly_over_three_zones()
    {
        var c = new FakeCluster();
        for (var i = 0; i < 6; i++)
        {
            c.AddNode(new MakeNode("node-" + i).Label("topology.kubernetes.io/zone", "zone-" + (i % 3)));
        }

        for (var i = 0; i < 6; i++)
        {
            c.AddPod(new MakePod("spread-" + i).Label("app", "s").SpreadConstraint(1, "topology.kubernetes.io/zone", "DoNotSchedule", "app", "s"));
            await c.Scheduler.ScheduleAllReadyAsync();
        }

        var perZone = Enumerable.Range(0, 6)
            .Select(i => c.NodeOf("spread-" + i)!)
            .GroupBy(n => int.Parse(n["node-".Length..], System.Globalization.CultureInfo.InvariantCulture) % 3)
            .Select(g => g.Count())
            .ToList();
        Assert.Equal([2, 2, 2], perZone);
    }

    [Fact]
    public async Task Pods_for_another_scheduler_are_left_alone()
    {
        var c = ThreeNodes();
        c.AddPod(new MakePod("stork-pod").SchedulerName("stork"));

        Assert.Equal(0, await c.Scheduler.ScheduleAllReadyAsync());
        Assert.Null(c.NodeOf("stork-pod"));
        Assert.Empty(c.Events);
    }

    [Fact]
    public async Task A_gated_pod_waits_until_its_gates_are_removed()
    {
        var c = ThreeNodes();
        var gated = new MakePod("gated").SchedulingGate("example.com/wait").Obj();
        c.AddPod(gated);

        Assert.Equal(0, await c.Scheduler.ScheduleAllReadyAsync());
        Assert.Equal("unschedulable", c.Scheduler.Queue.LocationOf("default/gated"));

        var ungated = k8s.KubernetesJson.Deserialize<k8s.Models.V1Pod>(k8s.KubernetesJson.Serialize(gated));
        ungated.Spec.SchedulingGates = null;
        c.Pods["default/gated"] = ungated;
        c.Scheduler.OnPodUpdate(gated, ungated);
        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.NotNull(c.NodeOf("gated"));
    }

    [Fact]
    public async Task A_failed_binding_forgets_the_assumed_pod_and_retries_after_backoff()
    {
        var c = ThreeNodes();
        c.BindError = "connection refused";
        c.AddPod(new MakePod("p").Req("cpu", "1"));
        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal(SchedulingFailure.SchedulerError, c.LastFailure["default/p"].Reason);
        Assert.Equal("running Bind plugin \"DefaultBinder\": connection refused", c.LastFailure["default/p"].Message);
        Assert.Equal(0, c.Scheduler.Cache.PodCount);
        Assert.Equal("backoff", c.Scheduler.Queue.LocationOf("default/p"));

        c.BindError = null;
        c.Time.Advance(TimeSpan.FromSeconds(2));
        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.NotNull(c.NodeOf("p"));
    }

    [Fact]
    public async Task With_no_nodes_the_pod_is_unschedulable_with_upstreams_message()
    {
        var c = new FakeCluster();
        c.AddPod(new MakePod("p"));
        await c.Scheduler.ScheduleAllReadyAsync();

        Assert.Equal("no nodes available to schedule pods", c.MessageFor("p"));
        Assert.Equal(SchedulingFailure.Unschedulable, c.LastFailure["default/p"].Reason);
    }

    [Fact]
    public async Task Room_made_by_preemption_is_kept_for_the_nominated_pod_against_lower_priority_pods()
    {
        var c = new FakeCluster();
        c.AddNode(new MakeNode("node-1").Capacity("cpu", "2", "memory", "4Gi", "pods", "110"));
        c.AddPod(new MakePod("victim").Priority(1).Req("cpu", "2").Node("node-1"));
        c.AddPod(new MakePod("high").Priority(100).Req("cpu", "2"));
        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.Equal(["default/victim"], c.Preempted);

        // A lower-priority pod arrives before the preemptor's retry: the nominated room is not its.
        c.AddPod(new MakePod("sneaky").Priority(50).Req("cpu", "1"));
        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.Null(c.NodeOf("sneaky"));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..", c.MessageFor("sneaky"));

        c.Time.Advance(TimeSpan.FromSeconds(2));
        await c.Scheduler.ScheduleAllReadyAsync();
        Assert.Equal("node-1", c.NodeOf("high"));
    }
}
