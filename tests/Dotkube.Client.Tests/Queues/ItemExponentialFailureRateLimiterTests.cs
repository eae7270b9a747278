using Dotkube.Client.Queues;

namespace Dotkube.Client.Tests.Queues;

public sealed class ItemExponentialFailureRateLimiterTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(10, 2560)]
    [InlineData(18, 655360)]
    [InlineData(19, 1000000)]
    [InlineData(100, 1000000)]
    public void The_nth_failure_waits_five_milliseconds_doubled_each_time_up_to_a_thousand_seconds(int failure, long expectedMs)
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        var wait = TimeSpan.Zero;
        for (var i = 0; i < failure; i++)
        {
            wait = limiter.When("a");
        }
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), wait);
        Assert.Equal(failure, limiter.NumRequeues("a"));
    }

    [Fact]
    public void Forget_starts_the_backoff_over_and_items_are_counted_apart()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }
}
