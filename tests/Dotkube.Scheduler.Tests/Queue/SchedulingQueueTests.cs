using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Queue;
using Dotkube.Scheduler.Tests.Testing;

namespace Dotkube.Scheduler.Tests.Queue;

public sealed class SchedulingQueueTests
{
    private readonly FakeTimeProvider _time = new();

    private SchedulingQueue NewQueue(Func<PodInfo, Status>? preEnqueue = null) => new(
        _time,
        preEnqueue ?? (_ => Status.Success),
        new Dictionary<string, IReadOnlyList<ClusterEvent>>
        {
            ["NodeResourcesFit"] = [new(EventResource.AssignedPod, ActionType.Delete), new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable)],
            ["InterPodAffinity"] = [new(EventResource.AssignedPod, ActionType.All)],
        });

    [Fact]
    public void Pods_pop_by_priority_then_by_arrival()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("low-early").Priority(1)));
        _time.Advance(TimeSpan.FromSeconds(1));
        q.Add(new PodInfo(new MakePod("high").Priority(10)));
        _time.Advance(TimeSpan.FromSeconds(1));
        q.Add(new PodInfo(new MakePod("low-late").Priority(1)));

        Assert.Equal(["high", "low-early", "low-late"], [q.TryPop()!.Pod.Name, q.TryPop()!.Pod.Name, q.TryPop()!.Pod.Name]);
        Assert.Null(q.TryPop());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(9, 10)]
    public void Backoff_doubles_from_one_second_up_to_ten(int attempts, int seconds)
    {
        var q = NewQueue();
        var info = new QueuedPodInfo(new PodInfo(new MakePod("p")), _time.GetUtcNow()) { Attempts = attempts };
        Assert.Equal(TimeSpan.FromSeconds(seconds), q.BackoffDuration(info));
    }

    [Fact]
    public void A_pod_that_failed_with_an_error_returns_after_its_backoff()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("p")));
        var popped = q.TryPop()!;
        q.AddBackoff(popped);

        Assert.Null(q.TryPop());
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Null(q.TryPop());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("p", q.TryPop()?.Pod.Name);
    }

    [Fact]
    public void An_unschedulable_pod_moves_only_on_an_event_its_rejecting_plugin_registered_for()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("p")));
        var popped = q.TryPop()!;
        q.AddUnschedulable(popped, ["NodeResourcesFit"]);
        _time.Advance(TimeSpan.FromSeconds(30));

        q.OnClusterEvent(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel));
        Assert.Equal("unschedulable", q.LocationOf("default/p"));

        q.OnClusterEvent(new ClusterEvent(EventResource.AssignedPod, ActionType.Delete));
        Assert.Equal("active", q.LocationOf("default/p"));
    }

    [Fact]
    public void A_moved_pod_still_backing_off_waits_in_the_backoff_queue()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("p")));
        var popped = q.TryPop()!;
        q.AddUnschedulable(popped, ["NodeResourcesFit"]);

        q.OnClusterEvent(new ClusterEvent(EventResource.Node, ActionType.Add));
        Assert.Equal("backoff", q.LocationOf("default/p"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(q.TryPop());
    }

    [Fact]
    public void An_event_during_the_attempt_sends_the_pod_to_backoff_instead_of_unschedulable()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("p")));
        var popped = q.TryPop()!;
        q.OnClusterEvent(new ClusterEvent(EventResource.Node, ActionType.Add));
        q.AddUnschedulable(popped, ["InterPodAffinity"]);

        Assert.Equal("backoff", q.LocationOf("default/p"));
    }

    [Fact]
    public void Unschedulable_pods_are_flushed_after_five_minutes()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("p")));
        q.AddUnschedulable(q.TryPop()!, ["InterPodAffinity"]);

        _time.Advance(TimeSpan.FromMinutes(5));
        q.FlushUnschedulableLeftover();
        Assert.Equal("unschedulable", q.LocationOf("default/p"));

        _time.Advance(TimeSpan.FromSeconds(1));
        q.FlushUnschedulableLeftover();
        Assert.Equal("active", q.LocationOf("default/p"));
    }

    [Fact]
    public void A_gated_pod_stays_out_until_an_update_passes_pre_enqueue()
    {
        var q = NewQueue(p => p.Pod.Spec.SchedulingGates is { Count: > 0 } ? Status.Unresolvable("gated").WithPlugin("SchedulingGates") : Status.Success);
        var gated = new MakePod("p").SchedulingGate("g").Obj();
        q.Add(new PodInfo(gated));
        q.MoveAllToActiveOrBackoff();
        _time.Advance(TimeSpan.FromMinutes(10));
        q.FlushUnschedulableLeftover();
        Assert.Null(q.TryPop());

        q.Update(new PodInfo(new MakePod("p")));
        Assert.Equal("p", q.TryPop()?.Pod.Name);
    }

    [Fact]
    public void Deleting_a_queued_pod_removes_it()
    {
        var q = NewQueue();
        q.Add(new PodInfo(new MakePod("p")));
        q.Delete("default/p");
        Assert.Null(q.TryPop());
        Assert.Null(q.LocationOf("default/p"));
    }
}
