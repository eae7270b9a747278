using Dotkube.Controllers.Common;
using static Dotkube.Controllers.Tests.Endpoints.ServiceFixtures;

namespace Dotkube.Controllers.Tests.Endpoints;

public class TriggerTimeTrackerTests
{
    [Fact]
    public void The_first_sync_reports_the_earliest_of_the_service_creation_and_the_pods()
    {
        var tracker = new TriggerTimeTracker();
        Assert.Equal(Service().Metadata.CreationTimestamp, tracker.Compute(Service(), [Pod("a", readySecond: 5)]));
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
