using Dotkube.Controllers.GarbageCollector;

namespace Dotkube.Controllers.Tests.GarbageCollector;

public class GarbageCollectorQueueTests
{
    private static GarbageCollectorQueue NewQueue(int capacity = 10) =>
        new(capacity, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));

    [Fact]
    public void AKeyAddedTwiceIsQueuedOnce()
    {
        var q = NewQueue();
        q.Add("a");
        q.Add("a");
        q.Add("b");

        Assert.Equal(2, q.Count);
        Assert.True(q.TryTake(out var first));
        Assert.True(q.TryTake(out var second));
        Assert.False(q.TryTake(out _));
        Assert.Equal(["a", "b"], new[] { first, second });
    }

    [Fact]
    public void AKeyAddedWhileProcessingRunsAgainAfterItIsDone()
    {
        var q = NewQueue();
        q.Add("a");
        Assert.True(q.TryTake(out _));

        q.Add("a");
        Assert.False(q.TryTake(out _));
        q.Done("a");

        Assert.True(q.TryTake(out var again));
        Assert.Equal("a", again);
    }

    [Fact]
    public void AFullQueueDropsNewKeysAndSaysSoOnce()
    {
        var q = NewQueue(capacity: 2);
        Assert.True(q.Add("a"));
        Assert.True(q.Add("b"));
        Assert.False(q.Add("c"));
        Assert.True(q.Add("a"));

        Assert.Equal(2, q.Count);
        Assert.True(q.Overflowed());
        Assert.False(q.Overflowed());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 20)]
    [InlineData(3, 80)]
    [InlineData(4, 100)]
    [InlineData(40, 100)]
    public void BackoffDoublesPerFailureUpToTheCap(int previousFailures, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), NewQueue().Backoff(previousFailures));
    }

    [Fact]
    public async Task ARateLimitedKeyComesBackAfterItsDelayAndForgetResetsIt()
    {
        var q = NewQueue();
        q.AddRateLimited("a");
        Assert.Equal(1, q.Failures("a"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal("a", await q.TakeAsync(timeout.Token));
        q.Done("a");
        q.Forget("a");
        Assert.Equal(0, q.Failures("a"));
    }
}
