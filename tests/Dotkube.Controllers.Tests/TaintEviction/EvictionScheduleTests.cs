using Dotkube.Controllers.TaintEviction;
using k8s.Models;

namespace Dotkube.Controllers.Tests.TaintEviction;

public class EvictionScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" };
    private static readonly V1Taint NotReady = new() { Key = "node.kubernetes.io/not-ready", Effect = "NoExecute" };

    private static V1Toleration Tolerate(string? key, long? seconds, string op = "Exists", string? effect = "NoExecute") =>
        new() { Key = key, OperatorProperty = op, Effect = effect, TolerationSeconds = seconds };

    public static TheoryData<string, V1Taint[], V1Toleration[], EvictionAction, double> Cases => new()
    {
        { "no NoExecute taints leave the pod alone", [], [], EvictionAction.None, 0 },
        { "a pod without tolerations is evicted at once", [Unreachable], [], EvictionAction.EvictNow, 0 },
        { "a toleration for another key does not help", [Unreachable], [Tolerate(NotReady.Key, 300)], EvictionAction.EvictNow, 0 },
        { "tolerationSeconds 2 evicts after two seconds", [Unreachable], [Tolerate(Unreachable.Key, 2)], EvictionAction.Wait, 2 },
        { "the shortest of the used tolerations counts", [Unreachable, NotReady], [Tolerate(Unreachable.Key, 300), Tolerate(NotReady.Key, 5)], EvictionAction.Wait, 5 },
        { "a toleration without seconds tolerates forever", [Unreachable], [Tolerate(Unreachable.Key, null)], EvictionAction.None, 0 },
        { "a zero or negative tolerationSeconds evicts at once", [Unreachable], [Tolerate(Unreachable.Key, -1)], EvictionAction.EvictNow, 0 },
        { "an empty key with Exists tolerates every taint", [Unreachable, NotReady], [Tolerate(null, 7)], EvictionAction.Wait, 7 },
        { "an empty effect matches NoExecute", [Unreachable], [Tolerate(Unreachable.Key, 3, effect: null)], EvictionAction.Wait, 3 },
        { "Equal compares the value", [Unreachable], [new V1Toleration { Key = Unreachable.Key, OperatorProperty = "Equal", Value = "x", Effect = "NoExecute" }], EvictionAction.EvictNow, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_pod_is_planned_for_eviction_by_its_tolerations(string name, V1Taint[] taints, V1Toleration[] tolerations, EvictionAction action, double afterSeconds)
    {
        var decision = new EvictionSchedule().Plan("default/web", taints, tolerations, T0);
        Assert.True(action == decision.Action, name);
        if (action == EvictionAction.Wait)
        {
            Assert.Equal(T0.AddSeconds(afterSeconds), decision.At);
        }
    }

    [Fact]
    public void A_planned_eviction_keeps_its_start_and_fires_when_due()
    {
        var schedule = new EvictionSchedule();
        V1Toleration[] tolerations = [Tolerate(Unreachable.Key, 2)];
        Assert.Equal(T0.AddSeconds(2), schedule.Plan("p", [Unreachable], tolerations, T0).At);
        // Looked at again a second later: still due at T0+2, not pushed back.
        var later = schedule.Plan("p", [Unreachable], tolerations, T0.AddSeconds(1));
        Assert.Equal((EvictionAction.Wait, T0.AddSeconds(2)), (later.Action, later.At));
        Assert.Equal(EvictionAction.EvictNow, schedule.Plan("p", [Unreachable], tolerations, T0.AddSeconds(2)).Action);
    }

    [Fact]
    public void Taints_going_away_cancel_a_planned_eviction()
    {
        var schedule = new EvictionSchedule();
        schedule.Plan("p", [Unreachable], [Tolerate(Unreachable.Key, 300)], T0);
        var cancelled = schedule.Plan("p", [], [Tolerate(Unreachable.Key, 300)], T0.AddSeconds(10));
        Assert.Equal((EvictionAction.None, true), (cancelled.Action, cancelled.Cancelled));
        Assert.Equal(0, schedule.Count);
        Assert.False(schedule.Plan("p", [], [], T0.AddSeconds(11)).Cancelled);
    }
}
