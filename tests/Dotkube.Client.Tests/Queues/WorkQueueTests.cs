using Dotkube.Client.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Client.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static WorkQueue<string> NewQueue(FakeTimeProvider clock) =>
        new(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), clock);

    [Fact]
    public async Task An_item_added_twice_before_it_is_taken_is_handed_out_once()
    {
        using var q = NewQueue(new FakeTimeProvider());
        q.Add("a");
        q.Add("b");
        q.Add("a");
        Assert.Equal(2, q.Count);
        Assert.Equal("a", (await q.GetAsync()).Item);
        Assert.Equal("b", (await q.GetAsync()).Item);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public async Task An_item_added_while_it_is_processed_comes_back_only_after_Done()
    {
        using var q = NewQueue(new FakeTimeProvider());
        q.Add("a");
        var (item, _) = await q.GetAsync();
        q.Add("a");
        q.Add("a");
        Assert.Equal(0, q.Count);
        var second = q.GetAsync().AsTask();
        await Task.Delay(20);
        Assert.False(second.IsCompleted);
        q.Done(item);
        Assert.Equal("a", (await second.WaitAsync(Wait)).Item);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public async Task AddAfter_hands_the_item_out_when_the_clock_reaches_its_time_and_the_earliest_time_wins()
    {
        var clock = new FakeTimeProvider();
        using var q = NewQueue(clock);
        q.AddAfter("a", TimeSpan.FromSeconds(10));
        q.AddAfter("a", TimeSpan.FromSeconds(3));
        q.AddAfter("b", TimeSpan.FromSeconds(5));
        Assert.Equal(0, q.Count);
        Assert.Equal(2, q.WaitingCount);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, q.Count);
        Assert.Equal("a", (await q.GetAsync()).Item);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("b", (await q.GetAsync().AsTask().WaitAsync(Wait)).Item);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, q.Count);
        Assert.Equal(0, q.WaitingCount);
    }

    [Fact]
    public void AddRateLimited_backs_off_per_item_until_Forget()
    {
        var clock = new FakeTimeProvider();
        using var q = NewQueue(clock);
        q.AddRateLimited("a");
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, q.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, q.Count);
        q.AddRateLimited("b");
        q.AddRateLimited("b");
        Assert.Equal(2, q.NumRequeues("b"));
        q.Forget("b");
        Assert.Equal(0, q.NumRequeues("b"));
    }

    [Fact]
    public async Task Shutdown_hands_out_what_is_queued_then_reports_shutdown_and_refuses_new_items()
    {
        using var q = NewQueue(new FakeTimeProvider());
        q.Add("a");
        q.ShutDown();
        q.Add("b");
        Assert.Equal(("a", false), await q.GetAsync());
        Assert.True((await q.GetAsync()).Shutdown);
    }

    [Fact]
    public async Task A_waiting_worker_wakes_on_shutdown()
    {
        using var q = NewQueue(new FakeTimeProvider());
        var waiting = q.GetAsync().AsTask();
        q.ShutDown();
        Assert.True((await waiting.WaitAsync(Wait)).Shutdown);
    }

    [Fact]
    public async Task Shutdown_with_drain_waits_for_items_in_process()
    {
        using var q = NewQueue(new FakeTimeProvider());
        q.Add("a");
        var (item, _) = await q.GetAsync();
        var drain = q.ShutDownWithDrainAsync();
        await Task.Delay(20);
        Assert.False(drain.IsCompleted);
        q.Done(item);
        await drain.WaitAsync(Wait);
    }

    [Fact]
    public async Task Many_workers_never_hold_the_same_item_at_once()
    {
        using var q = new WorkQueue<int>(new ItemExponentialFailureRateLimiter<int>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)));
        var holding = new int[10];
        var violations = 0;
        var handled = 0;
        async Task Worker()
        {
            while (true)
            {
                var (item, shutdown) = await q.GetAsync();
                if (shutdown)
                {
                    return;
                }
                if (Interlocked.Increment(ref holding[item]) > 1)
                {
                    Interlocked.Increment(ref violations);
                }
                await Task.Yield();
                Interlocked.Decrement(ref holding[item]);
                Interlocked.Increment(ref handled);
                q.Done(item);
            }
        }
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Worker)).ToArray();
        for (var i = 0; i < 2000; i++)
        {
            q.Add(i % 10);
        }
        await Task.Delay(50);
        await q.ShutDownWithDrainAsync().WaitAsync(Wait);
        await Task.WhenAll(workers).WaitAsync(Wait);
        Assert.Equal(0, violations);
        Assert.True(handled >= 10, $"handled {handled}");
    }
}
