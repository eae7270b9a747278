using Dotkube.Controllers.Common;
using static Dotkube.Controllers.Tests.Endpoints.ServiceFixtures;

namespace Dotkube.Controllers.Tests.Endpoints;

public class TriggerTimeTrackerTests
{
    [Theory]
    [InlineData("pods that became ready after the service", false)]
    [InlineData("pods that were ready before it", true)]
    public void The_first_sync_reports_the_service_creation_whatever_the_pods_did(string because, bool readyBefore)
    {
        var tracker = new TriggerTimeTracker();
        var pod = Pod("a", readySecond: 5);
        if (readyBefore)
        {
            pod.Status.Conditions[0].LastTransitionTime = new DateTime(2025, 12, 31, 23, 0, 0, DateTimeKind.Utc);
        }
        Assert.True(Service().Metadata.CreationTimestamp == tracker.Compute(Service(), [pod]), because);
    }

    [Fact]
    public void Changes_seen_by_a_sync_that_did_not_finish_are_reported_again()
    {
        var tracker = new TriggerTimeTracker();
        tracker.Compute(Service(), [Pod("a", ready: false, readySecond: 1)]);
        var failed = tracker.Observe(Service(), [Pod("a", readySecond: 4)]);

        var retry = tracker.Observe(Service(), [Pod("a", readySecond: 4)]);
        tracker.Commit(retry);

        Assert.Equal(failed.Time, retry.Time);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 1, 4, DateTimeKind.Utc), retry.Time);
        Assert.Null(tracker.Compute(Service(), [Pod("a", readySecond: 4)]));
    }

    [Fact]
    public void A_recreated_service_reports_its_new_creation()
    {
        var tracker = new TriggerTimeTracker();
        tracker.Compute(Service(), [Pod("a")]);
        var again = Service();
        again.Metadata.CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 9, DateTimeKind.Utc);
        Assert.Equal(again.Metadata.CreationTimestamp, tracker.Compute(again, [Pod("a")]));
    }

    [Fact]
    public void Nothing_changed_means_no_trigger_time()
    {
        var tracker = new TriggerTimeTracker();
        tracker.Compute(Service(), [Pod("a")]);
        Assert.Null(tracker.Compute(Service(), [Pod("a")]));
    }

    [Fact]
    public void A_pod_whose_readiness_moved_reports_its_transition_time()
    {
        var tracker = new TriggerTimeTracker();
        tracker.Compute(Service(), [Pod("a", readySecond: 1), Pod("b", readySecond: 1)]);
        var time = tracker.Compute(Service(), [Pod("a", readySecond: 1), Pod("b", ready: false, readySecond: 7)]);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 1, 7, DateTimeKind.Utc), time);
    }

    [Fact]
    public void A_readiness_flip_within_the_same_second_still_counts()
    {
        var tracker = new TriggerTimeTracker();
        tracker.Compute(Service(), [Pod("a", ready: false, readySecond: 3)]);
        Assert.NotNull(tracker.Compute(Service(), [Pod("a", ready: true, readySecond: 3)]));
    }

    [Fact]
    public void The_annotation_is_RFC_3339_in_UTC()
    {
        Assert.Equal("2026-01-01T00:01:07Z", TriggerTimeTracker.Format(new DateTime(2026, 1, 1, 0, 1, 7, DateTimeKind.Utc)));
    }
}
