using Dotkube.ApiServer.Lifecycle;
using static Dotkube.ApiServer.Tests.LifecycleTests.GarbageCollectorFixture;

namespace Dotkube.ApiServer.Tests.LifecycleTests;

/// <summary>The collector as the server runs it: its own watches and workers, no help from a resync.</summary>
public class GarbageCollectorWatchTests
{
    // A resync period far beyond the test: everything here must come from the watches.
    private static readonly GarbageCollectorOptions WatchOnly = new() { ResyncPeriod = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(null)]
    [InlineData("Orphan")]
    [InlineData("Foreground")]
    public async Task DeletionsCompleteFromWatchEventsAlone(string? policy)
    {
        await using var f = new GarbageCollectorFixture(WatchOnly);
        using var stop = new CancellationTokenSource();
        var run = f.Collector.RunAsync(stop.Token);
        try
        {
            var owner = await f.CreateAsync(ConfigMapsDef, "ns", "owner");
            await f.CreateAsync(SecretsDef, "ns", "child", Ref(owner, block: true));
            await EventuallyAsync(() => Task.FromResult(f.Collector.Graph.DependentsOf(Dotkube.ApiServer.Registry.ObjectJson.Uid(owner)!).Count == 1), "the child is in the graph");

            await f.DeleteAsync(ConfigMapsDef, "ns", "owner", policy);

            await EventuallyAsync(async () => await f.GetAsync(ConfigMapsDef, "ns", "owner") is null, "the owner is gone");
            if (policy == "Orphan")
            {
                var child = await f.GetAsync(SecretsDef, "ns", "child");
                Assert.NotNull(child);
                Assert.Empty(OwnerUids(child));
            }
            else
            {
                await EventuallyAsync(async () => await f.GetAsync(SecretsDef, "ns", "child") is null, "the child is gone");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task AResourceRegisteredWhileRunningIsWatchedToo()
    {
        await using var f = new GarbageCollectorFixture(WatchOnly);
        using var stop = new CancellationTokenSource();
        var run = f.Collector.RunAsync(stop.Token);
        try
        {
            var widgets = new Dotkube.ApiServer.Registry.ResourceDefinition
            {
                Group = "example.com",
                Versions = ["v1"],
                Kind = "Widget",
                Plural = "widgets",
                Singular = "widget",
                Namespaced = true,
                StoragePrefix = "/registry/example.com/widgets",
                Strategy = new Dotkube.ApiServer.Resources.Common.PassThroughStrategy(),
            };
            f.Registry.Register(widgets);
            var owner = await f.CreateAsync(widgets, "ns", "owner");
            await f.CreateAsync(ConfigMapsDef, "ns", "child", Ref(owner));
            await EventuallyAsync(() => Task.FromResult(f.Collector.Graph.Get(Dotkube.ApiServer.Registry.ObjectJson.Uid(owner)!) is not null), "the widget is in the graph");

            await f.DeleteAsync(widgets, "ns", "owner");

            await EventuallyAsync(async () => await f.GetAsync(ConfigMapsDef, "ns", "child") is null, "the child is gone");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task AThousandOwnersDeletedTakeTheirTwoThousandDependentsWithThem()
    {
        await using var f = new GarbageCollectorFixture(WatchOnly);
        using var stop = new CancellationTokenSource();
        var run = f.Collector.RunAsync(stop.Token);
        try
        {
            const int owners = 1000;
            for (var i = 0; i < owners; i++)
            {
                var owner = await f.CreateAsync(ConfigMapsDef, "ns", $"owner-{i}");
                await f.CreateAsync(SecretsDef, "ns", $"a-{i}", Ref(owner, block: true, controller: true));
                await f.CreateAsync(SecretsDef, "ns", $"b-{i}", Ref(owner));
            }
            await EventuallyAsync(() => Task.FromResult(f.Collector.Graph.Count == 3 * owners), "every object is in the graph");

            for (var i = 0; i < owners; i++)
            {
                await f.DeleteAsync(ConfigMapsDef, "ns", $"owner-{i}", i % 2 == 0 ? null : "Foreground");
            }

            await EventuallyAsync(async () => (await f.For(SecretsDef).ListAsync("ns", new(), default)).Items.Count == 0
                && (await f.For(ConfigMapsDef).ListAsync("ns", new(), default)).Items.Count == 0, "everything is gone");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
