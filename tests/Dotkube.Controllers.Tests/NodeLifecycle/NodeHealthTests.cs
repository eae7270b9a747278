using Dotkube.Controllers.NodeLifecycle;
using k8s.Models;

namespace Dotkube.Controllers.Tests.NodeLifecycle;

public class NodeHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly NodeLifecycleOptions Options = new() { GracePeriod = TimeSpan.FromSeconds(50) };

    private static V1Node Node(DateTime? heartbeat, bool withReady = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = "node1", CreationTimestamp = T0.UtcDateTime },
        Status = new V1NodeStatus
        {
            Conditions = withReady
                ? [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat }]
                : [],
        },
    };

    private static V1Lease Lease(DateTimeOffset renewed) => new() { Spec = new V1LeaseSpec { RenewTime = renewed.UtcDateTime } };

    public static TheoryData<string, double, double?, bool> Cases => new()
    {
        // name, seconds after T0 of the check, seconds after T0 of the last lease renewal (null: none), stale?
        { "a node just seen is healthy", 0, null, false },
        { "a silent node is healthy until the grace period ends", 49, null, false },
        { "a silent node is stale once the grace period has passed", 50, null, true },
        { "a lease renewal restarts the grace period", 60, 30, false },
        { "an old lease renewal does not save it", 90, 30, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_node_goes_stale_after_the_grace_period_without_news(string name, double checkAt, double? renewedAt, bool stale)
    {
        var tracker = new NodeHealthTracker(Options);
        var node = Node(T0.UtcDateTime);
        tracker.Observe(node, Lease(T0), T0);
        var lease = Lease(T0);
        if (renewedAt is { } r)
        {
            lease = Lease(T0.AddSeconds(r));
            tracker.Observe(node, lease, T0.AddSeconds(r));
        }
        var now = T0.AddSeconds(checkAt);
        Assert.True(stale == (now >= tracker.Observe(node, lease, now)), name);
    }

    [Fact]
    public void Leaving_full_disruption_restarts_every_nodes_grace_period()
    {
        var tracker = new NodeHealthTracker(Options);
        var node = Node(T0.UtcDateTime);
        tracker.Observe(node, Lease(T0), T0);
        tracker.ResetAll(T0.AddMinutes(10));
        Assert.Equal(T0.AddMinutes(10).AddSeconds(50), tracker.Observe(node, Lease(T0), T0.AddMinutes(10)));
    }

    [Fact]
    public void A_node_that_never_reported_Ready_gets_the_startup_grace_period()
    {
        var tracker = new NodeHealthTracker(Options);
        Assert.Equal(T0.AddSeconds(60), tracker.Observe(Node(null, withReady: false), null, T0));
    }

    [Fact]
    public void Marking_unknown_keeps_the_heartbeat_and_uses_upstream_wording()
    {
        var node = Node(T0.UtcDateTime);
        var now = T0.AddSeconds(55).UtcDateTime;
        Assert.True(NodeConditions.MarkUnknown(node, now));
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", T0.UtcDateTime, now),
            (ready.Status, ready.Reason, ready.Message, ready.LastHeartbeatTime, ready.LastTransitionTime));
        var memory = node.Status.Conditions.Single(c => c.Type == "MemoryPressure");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."), (memory.Status, memory.Reason, memory.Message));
        Assert.Equal(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"], node.Status.Conditions.Select(c => c.Type));
        Assert.False(NodeConditions.MarkUnknown(node, now.AddSeconds(5)));
    }

    [Theory]
    [InlineData(50, null, 5)]
    [InlineData(3, null, 5)]
    [InlineData(5, 1.0, 1)]
    public void The_monitor_period_is_its_own_flag_5_s_by_default_whatever_the_grace_period(double grace, double? flag, double period)
    {
        var options = new NodeLifecycleOptions { GracePeriod = TimeSpan.FromSeconds(grace) };
        if (flag is { } f)
        {
            options = options with { MonitorPeriod = TimeSpan.FromSeconds(f) };
        }

        Assert.Equal(TimeSpan.FromSeconds(period), options.MonitorPeriod);
    }
}
