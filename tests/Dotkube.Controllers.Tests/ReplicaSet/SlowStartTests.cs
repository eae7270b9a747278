using Dotkube.Controllers.ReplicaSet;

namespace Dotkube.Controllers.Tests.ReplicaSet;

public class SlowStartTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(10, 10)]
    public async Task Every_creation_runs_when_none_fails(int count, int expected)
    {
        var calls = 0;
        var (succeeded, error) = await SlowStart.RunAsync(count, () =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });
        Assert.Null(error);
        Assert.Equal(expected, succeeded);
        Assert.Equal(expected, calls);
    }

    [Theory]
    [InlineData(1, 1)] // the first batch (1) fails: nothing more is tried
    [InlineData(2, 3)] // batch 1 ok, batch 2 (calls 2-3) has the failure
    [InlineData(4, 7)] // batches 1, 2 ok, batch 4 (calls 4-7) has the failure
    public async Task A_failure_stops_after_its_batch(int failingCall, int expectedCalls)
    {
        var calls = 0;
        var (succeeded, error) = await SlowStart.RunAsync(20, () =>
        {
            var n = Interlocked.Increment(ref calls);
            return n == failingCall ? Task.FromException(new InvalidOperationException("quota")) : Task.CompletedTask;
        });
        Assert.Equal("quota", error?.Message);
        Assert.Equal(expectedCalls, calls);
        Assert.Equal(expectedCalls - 1, succeeded);
    }
}
