using Dotkube.Storage.Compaction;
using Dotkube.Storage.Memory;

namespace Dotkube.Storage.Tests;

public sealed class StoreCompactorTests
{
    [Fact]
    public async Task It_keeps_the_newest_revisions_when_time_does_not_hold_anything_back()
    {
        await using var store = new MemoryStore();
        await Write(store, 20);
        var compactor = new StoreCompactor(store, new CompactorOptions(TimeSpan.FromMinutes(1), 5, TimeSpan.Zero));

        Assert.Equal(15, await compactor.CompactOnceAsync());
        Assert.Null(await compactor.CompactOnceAsync()); // nothing new to drop
        Assert.Equal(15, store.CompactedRevision);
    }

    [Fact]
    public async Task It_keeps_history_younger_than_the_retained_duration()
    {
        await using var store = new MemoryStore();
        var time = new ManualTime();
        var compactor = new StoreCompactor(store, new CompactorOptions(TimeSpan.FromMinutes(1), 0, TimeSpan.FromMinutes(5)), time);

        await Write(store, 10);
        Assert.Null(await compactor.CompactOnceAsync());    // t=0: sees revision 10; nothing is 5 minutes old
        time.Advance(TimeSpan.FromMinutes(3));
        await Write(store, 10);
        Assert.Null(await compactor.CompactOnceAsync());    // t=3: sees 20
        time.Advance(TimeSpan.FromMinutes(3));
        await Write(store, 10);
        Assert.Equal(10, await compactor.CompactOnceAsync()); // t=6: revision 10 is now 6 minutes old
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(20, await compactor.CompactOnceAsync()); // t=8: revision 20 is 5 minutes old
    }

    [Fact]
    public async Task The_loop_compacts_on_its_interval_until_stopped()
    {
        await using var store = new MemoryStore();
        await Write(store, 30);
        using var stop = new CancellationTokenSource();
        var compactor = new StoreCompactor(store, new CompactorOptions(TimeSpan.FromMilliseconds(20), 10, TimeSpan.Zero));

        var loop = compactor.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.CompactedRevision != 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Write(store, 5);
        while (store.CompactedRevision != 25 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await loop;
        Assert.Equal(25, store.CompactedRevision);
    }

    [Fact]
    public async Task A_failing_run_is_reported_and_the_loop_goes_on()
    {
        var store = new MemoryStore();
        await Write(store, 30);
        await store.DisposeAsync();
        var errors = new List<Exception>();
        using var stop = new CancellationTokenSource();
        var compactor = new StoreCompactor(store, new CompactorOptions(TimeSpan.FromMilliseconds(10), 0, TimeSpan.Zero), onError: e =>
        {
            lock (errors)
            {
                errors.Add(e);
                if (errors.Count == 2)
                {
                    stop.Cancel();
                }
            }
        });

        await compactor.RunAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(errors, e => Assert.IsType<ObjectDisposedException>(e));
    }

    private static async Task Write(IRevisionedStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.CreateAsync($"/c/{Guid.NewGuid():N}", new byte[1]);
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
