using Dotkube.Client.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Client.Tests.Queues;

public sealed class BucketRateLimiterTests
{
    [Fact]
    public void The_burst_goes_through_at_once_and_later_items_wait_one_token_each()
    {
        var clock = new FakeTimeProvider();
        var limiter = new BucketRateLimiter<int>(10, 3, clock);
        Assert.Equal(TimeSpan.Zero, limiter.When(1));
        Assert.Equal(TimeSpan.Zero, limiter.When(2));
        Assert.Equal(TimeSpan.Zero, limiter.When(3));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When(4));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When(5));
        clock.Advance(TimeSpan.FromSeconds(1));
        // 1 s refills 10 tokens, capped at the burst; two were owed.
        Assert.Equal(TimeSpan.Zero, limiter.When(6));
    }

    [Fact]
    public void The_default_controller_limiter_takes_the_larger_of_backoff_and_bucket()
    {
        var clock = new FakeTimeProvider();
        var limiter = RateLimiters.DefaultController<string>(clock);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("x"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("x"));
        for (var i = 0; i < 98; i++)
        {
            limiter.When("other" + i);
        }
        // The bucket (burst 100) is empty now: the next new item waits for a token, 100 ms at 10 qps.
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("fresh"));
        Assert.Equal(2, limiter.NumRequeues("x"));
    }
}
