using Dotkube.Controllers.Common;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Controllers.Tests;

public class ControllerExpectationsTests
{
    [Fact]
    public void Creations_are_satisfied_once_all_are_observed()
    {
        var e = new ControllerExpectations(new FakeTimeProvider());
        Assert.True(e.Satisfied("ns/rs"));
        e.ExpectCreations("ns/rs", 2);
        Assert.False(e.Satisfied("ns/rs"));
        e.CreationObserved("ns/rs");
        Assert.False(e.Satisfied("ns/rs"));
        e.CreationObserved("ns/rs");
        Assert.True(e.Satisfied("ns/rs"));
    }

    [Fact]
    public void Deletions_are_tracked_by_pod_so_a_repeated_event_counts_once()
    {
        var e = new ControllerExpectations(new FakeTimeProvider());
        e.ExpectDeletions("ns/rs", ["ns/a", "ns/b"]);
        e.DeletionObserved("ns/rs", "ns/a");
        e.DeletionObserved("ns/rs", "ns/a");
        Assert.False(e.Satisfied("ns/rs"));
        e.DeletionObserved("ns/rs", "ns/b");
        Assert.True(e.Satisfied("ns/rs"));
    }

    [Fact]
    public void Expectations_expire_after_five_minutes()
    {
        var clock = new FakeTimeProvider();
        var e = new ControllerExpectations(clock);
        e.ExpectCreations("ns/rs", 1);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(e.Satisfied("ns/rs"));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(e.Satisfied("ns/rs"));
    }
}
