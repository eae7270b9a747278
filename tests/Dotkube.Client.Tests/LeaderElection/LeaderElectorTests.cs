using Dotkube.Client.LeaderElection;
using Dotkube.Client.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Dotkube.Client.Tests.LeaderElection;

public sealed class LeaderElectorTests
{
    private const string Ns = "kube-system";
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static LeaderElectionConfig Config(string identity) => new()
    {
        LockNamespace = Ns,
        LockName = "kube-controller-manager",
        Identity = identity,
    };

    private static Task<V1Lease> LeaseAsync(TestApiServer server) =>
        server.Admin.GetAsync<V1Lease>(ResourceType.Leases, Ns, "kube-controller-manager");

    [Fact]
    public async Task The_first_candidate_creates_the_lease_with_upstreams_record()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var clock = new FakeTimeProvider(Start);
        var log = new ListLogger();
        var a = new LeaderElector(server.Client, Config("a"), clock, log);
        Assert.True(await a.TryAcquireOrRenewAsync(default), log.ToString());
        var spec = (await LeaseAsync(server)).Spec;
        Assert.Equal(("a", 15, 0), (spec.HolderIdentity, spec.LeaseDurationSeconds, spec.LeaseTransitions));
        Assert.Equal(Start.UtcDateTime, spec.AcquireTime!.Value.ToUniversalTime());
        Assert.Equal(Start.UtcDateTime, spec.RenewTime!.Value.ToUniversalTime());
    }

    [Fact]
    public async Task A_renewal_moves_renewTime_only_and_keeps_acquireTime_and_transitions()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var clock = new FakeTimeProvider(Start);
        var a = new LeaderElector(server.Client, Config("a"), clock);
        await a.TryAcquireOrRenewAsync(default);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await a.TryAcquireOrRenewAsync(default));
        var spec = (await LeaseAsync(server)).Spec;
        Assert.Equal(Start.UtcDateTime, spec.AcquireTime!.Value.ToUniversalTime());
        Assert.Equal(Start.AddSeconds(2).UtcDateTime, spec.RenewTime!.Value.ToUniversalTime());
        Assert.Equal(0, spec.LeaseTransitions);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(14, false)]
    [InlineData(15, true)]
    [InlineData(60, true)]
    public async Task Another_candidate_takes_over_only_once_the_lease_has_not_changed_for_its_duration(int secondsSilent, bool takesOver)
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var clock = new FakeTimeProvider(Start);
        var a = new LeaderElector(server.Client, Config("a"), clock);
        var b = new LeaderElector(server.Client, Config("b"), clock);
        await a.TryAcquireOrRenewAsync(default);
        Assert.False(await b.TryAcquireOrRenewAsync(default));
        Assert.Equal("a", b.ObservedLeader);
        clock.Advance(TimeSpan.FromSeconds(secondsSilent));
        Assert.Equal(takesOver, await b.TryAcquireOrRenewAsync(default));
        var spec = (await LeaseAsync(server)).Spec;
        Assert.Equal(takesOver ? ("b", 1) : ("a", 0), (spec.HolderIdentity, spec.LeaseTransitions ?? 0));
        if (takesOver)
        {
            Assert.Equal(clock.GetUtcNow().UtcDateTime, spec.AcquireTime!.Value.ToUniversalTime());
        }
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_within_the_deadline_stops_leading()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var clock = new FakeTimeProvider(Start);
        var started = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var leadingToken = CancellationToken.None;
        var elector = new LeaderElector(server.Client, Config("a") with
        {
            OnStartedLeading = ct =>
            {
                leadingToken = ct;
                started.TrySetResult();
                return Task.Delay(Timeout.Infinite, ct);
            },
            OnStoppedLeading = () => stopped.TrySetResult(),
        }, clock);
        var run = elector.RunAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(elector.IsLeader);

        server.Connection.Drop();
        await AdvanceUntil(clock, () => stopped.Task.IsCompleted);
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(elector.IsLeader);
        Assert.True(leadingToken.IsCancellationRequested);
        // It gave up after the renew deadline, well before the lease expired for others.
        Assert.InRange(clock.GetUtcNow() - Start, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Cancelling_a_leader_releases_the_lease_for_the_next_candidate()
    {
        await using var server = await TestApiServer.StartAsync(Ns);
        var clock = new FakeTimeProvider(Start);
        var started = new TaskCompletionSource();
        var stopped = false;
        using var cts = new CancellationTokenSource();
        var elector = new LeaderElector(server.Client, Config("a") with
        {
            OnStartedLeading = _ =>
            {
                started.TrySetResult();
                return Task.CompletedTask;
            },
            OnStoppedLeading = () => stopped = true,
        }, clock);
        var run = elector.RunAsync(cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stopped);
        var spec = (await LeaseAsync(server)).Spec;
        Assert.True(string.IsNullOrEmpty(spec.HolderIdentity));
        Assert.Equal(1, spec.LeaseDurationSeconds);

        var b = new LeaderElector(server.Client, Config("b"), clock);
        Assert.True(await b.TryAcquireOrRenewAsync(default));
        Assert.Equal(1, (await LeaseAsync(server)).Spec.LeaseTransitions);
    }

    private static async Task AdvanceUntil(FakeTimeProvider clock, Func<bool> done)
    {
        for (var i = 0; i < 400 && !done(); i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10);
        }
        Assert.True(done(), "the condition did not hold after 200 s of fake time");
    }
}
