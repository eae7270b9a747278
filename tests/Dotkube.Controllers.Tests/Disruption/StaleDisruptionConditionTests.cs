using Dotkube.Controllers.Disruption;
using Dotkube.Controllers.Tests.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Disruption;

public class StaleDisruptionConditionTests
{
    private static readonly DateTimeOffset Now = new(Pods.T0.AddMinutes(10), TimeSpan.Zero);

    private static V1Pod PodWith(string? status, string reason = "EvictionByEvictionAPI", int secondsAgo = 0, string phase = "Running", bool deleting = false)
    {
        var pod = Pods.Make("web", phase: phase);
        if (deleting)
        {
            pod.Metadata.DeletionTimestamp = Pods.T0;
        }

        if (status is not null)
        {
            pod.Status.Conditions ??= [];
            pod.Status.Conditions.Add(new V1PodCondition { Type = "DisruptionTarget", Status = status, Reason = reason, LastTransitionTime = Now.AddSeconds(-secondsAgo).UtcDateTime });
        }

        return pod;
    }

    public static TheoryData<string, V1Pod, bool, int> Cases => new()
    {
        // name, pod → has a (future) stale condition, seconds to wait
        { "a condition set three minutes ago on a pod not deleted is stale now", PodWith("True", secondsAgo: 180), true, 0 },
        { "a condition set 30 s ago becomes stale in 90 s", PodWith("True", secondsAgo: 30), true, 90 },
        { "a pod without the condition has nothing to reset", PodWith(null), false, 0 },
        { "a False condition has nothing to reset", PodWith("False", secondsAgo: 180), false, 0 },
        { "a pod being deleted keeps its condition", PodWith("True", secondsAgo: 180, deleting: true), false, 0 },
        { "the kubelet's TerminationByKubelet is never stale", PodWith("True", reason: "TerminationByKubelet", secondsAgo: 180), false, 0 },
        { "a finished pod keeps its condition", PodWith("True", secondsAgo: 180, phase: "Failed"), false, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_a_true_condition_on_a_running_pod_not_deleted_in_two_minutes_is_stale(string name, V1Pod pod, bool has, int waitSeconds)
    {
        var (isStale, waitFor) = StaleDisruptionCondition.Check(pod, Now);
        Assert.True((has, TimeSpan.FromSeconds(waitSeconds)) == (isStale, waitFor), $"{name}: got {(isStale, waitFor)}");
    }

    [Fact]
    public void The_reset_applies_only_type_status_and_transition_time()
    {
        var pod = PodWith("True", secondsAgo: 180);
        pod.Metadata.NamespaceProperty = "default";
        pod.Metadata.ResourceVersion = "42";
        Assert.Equal("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","resourceVersion":"42"},"status":{"conditions":[{"type":"DisruptionTarget","status":"False","lastTransitionTime":"2026-01-01T00:10:00Z"}]}}""",
            StaleDisruptionCondition.ResetPatch(pod, Now));
    }

    [Fact]
    public async Task Built_in_controllers_scales_come_from_the_caches_each_counted_once()
    {
        var finder = new ScaleFinder(new Dotkube.Client.Cache.ObjectCache<V1ReplicaSet>(), new Dotkube.Client.Cache.ObjectCache<V1Deployment>(), new Dotkube.Client.Cache.ObjectCache<V1StatefulSet>(), new Dotkube.Client.Cache.ObjectCache<V1ReplicationController>());
        var pods = new[] { Pods.Make("a", ownerUid: "rs-uid"), Pods.Make("b", ownerUid: "rs-uid") };
        var found = await finder.FindAllAsync(pods, CancellationToken.None);
        // The ReplicaSet is not in the (empty) cache: found, but with no scale.
        Assert.Equal(["rs-uid"], found.Keys);
        Assert.Null(found["rs-uid"]);
    }
}
