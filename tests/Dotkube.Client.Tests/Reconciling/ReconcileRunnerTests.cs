using System.Collections.Concurrent;
using Dotkube.Client.Queues;
using Dotkube.Client.Reconciling;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Client.Tests.Reconciling;

public sealed class ReconcileRunnerTests
{
    private sealed class Scripted(Func<ObjectKey, int, ReconcileResult> script) : IReconciler
    {
        private readonly ConcurrentDictionary<ObjectKey, int> calls = new();

        public int Calls(ObjectKey key) => calls.GetValueOrDefault(key);

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            var n = calls.AddOrUpdate(key, 1, (_, c) => c + 1);
            return Task.FromResult(script(key, n));
        }
    }

    private static readonly ObjectKey Key = new("ns", "a");

    private static ReconcileRunner Runner(IReconciler reconciler, FakeTimeProvider clock) => new("test", reconciler, new ReconcileRunnerOptions
    {
        RateLimiter = new ItemExponentialFailureRateLimiter<ObjectKey>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
    }, timeProvider: clock);

    [Fact]
    public async Task A_failing_key_is_retried_with_growing_backoff_and_forgotten_once_it_succeeds()
    {
        var clock = new FakeTimeProvider();
        var reconciler = new Scripted((_, n) => n <= 3 ? throw new InvalidOperationException("boom " + n) : ReconcileResult.Done);
        using var runner = Runner(reconciler, clock);
        runner.Enqueue(Key);
        Assert.True(await runner.ProcessNextAsync(default));
        Assert.Equal(1, runner.Queue.NumRequeues(Key));
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, runner.Queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await runner.ProcessNextAsync(default);
        clock.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, runner.Queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await runner.ProcessNextAsync(default);
        Assert.Equal(3, runner.Queue.NumRequeues(Key));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await runner.ProcessNextAsync(default);
        Assert.Equal(4, reconciler.Calls(Key));
        Assert.Equal(0, runner.Queue.NumRequeues(Key));
        Assert.Equal(3, runner.Failures);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, runner.Queue.Count);
    }

    [Theory]
    [InlineData(false, 0, 0, false)]
    [InlineData(true, 0, 5, true)]
    [InlineData(false, 30_000, 30_000, true)]
    public async Task A_result_decides_when_the_key_comes_back(bool requeue, int afterMs, int comesBackAfterMs, bool comesBack)
    {
        var clock = new FakeTimeProvider();
        var reconciler = new Scripted((_, _) => new ReconcileResult(requeue, TimeSpan.FromMilliseconds(afterMs)));
        using var runner = Runner(reconciler, clock);
        runner.Enqueue(Key);
        await runner.ProcessNextAsync(default);
        if (comesBackAfterMs > 0)
        {
            clock.Advance(TimeSpan.FromMilliseconds(comesBackAfterMs - 1));
            Assert.Equal(0, runner.Queue.Count);
        }
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(comesBack ? 1 : 0, runner.Queue.Count);
        // A fixed requeue-after does not count as a failure.
        Assert.Equal(requeue ? 1 : 0, runner.Queue.NumRequeues(Key));
    }

    [Fact]
    public async Task Workers_run_until_cancelled_and_then_drain()
    {
        var done = new ConcurrentBag<ObjectKey>();
        var reconciler = new Scripted((k, _) =>
        {
            done.Add(k);
            return ReconcileResult.Done;
        });
        using var runner = new ReconcileRunner("test", reconciler, new ReconcileRunnerOptions { Workers = 3 });
        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(cts.Token);
        for (var i = 0; i < 50; i++)
        {
            runner.Enqueue("ns", "k" + i);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (done.Count < 50 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(50, done.Distinct().Count());
        Assert.True(runner.Queue.IsShuttingDown);
    }
}
