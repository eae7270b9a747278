using System.Net;
using Dotkube.Storage.MasterLeases;

namespace Dotkube.Storage.Tests.MasterLeases;

public sealed class LocalMasterLeasesTests
{
    private static readonly MasterEndpoint Self = new(IPAddress.Loopback, 6443);

    [Fact]
    public async Task An_entry_is_live_until_its_ttl_passes_without_a_renewal()
    {
        var clock = new SteppedClock();
        var leases = new LocalMasterLeases(clock);

        await leases.UpdateAsync(Self, TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal([Self], await leases.ListAsync());

        await leases.UpdateAsync(Self, TimeSpan.FromSeconds(15)); // renewed at 14 s: lives until 29 s
        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal([Self], await leases.ListAsync());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await leases.ListAsync());
    }

    [Fact]
    public async Task A_removed_entry_is_gone_at_once_and_removing_it_again_is_no_error()
    {
        var leases = new LocalMasterLeases();
        await leases.UpdateAsync(Self, TimeSpan.FromSeconds(15));

        await leases.RemoveAsync(Self);
        await leases.RemoveAsync(Self);

        Assert.Empty(await leases.ListAsync());
    }

    [Fact]
    public void The_embedded_stores_get_local_leases()
    {
        Assert.IsType<LocalMasterLeases>(MasterLeasesFactory.For(new Memory.MemoryStore()));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
