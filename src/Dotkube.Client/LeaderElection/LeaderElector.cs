using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.Client.LeaderElection;

/// <summary>
/// Campaigns for a Lease, and while holding it renews it and runs
/// <see cref="LeaderElectionConfig.OnStartedLeading"/>. Follows client-go's record semantics:
/// holderIdentity, leaseDurationSeconds, acquireTime (set when the holder changes), renewTime
/// (every renewal) and leaseTransitions (counted on every change of holder). Another candidate's
/// lease counts as expired when this one has not seen it change for leaseDurationSeconds of its
/// own clock, so clocks need not agree.
/// </summary>
public sealed class LeaderElector
{
    private readonly KubeApiClient client;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private V1LeaseSpec? observed;
    private DateTimeOffset observedTime;
    private V1Lease? lastLease;

    public LeaderElector(KubeApiClient client, LeaderElectionConfig config, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        if (config.LeaseDuration <= config.RenewDeadline || config.RenewDeadline <= config.RetryPeriod)
        {
            throw new ArgumentException("leaseDuration must exceed renewDeadline, which must exceed retryPeriod", nameof(config));
        }
        this.client = client;
        Config = config;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    public LeaderElectionConfig Config { get; }

    public bool IsLeader { get; private set; }

    /// <summary>The holder this candidate last saw on the Lease.</summary>
    public string? ObservedLeader => observed?.HolderIdentity;

    /// <summary>
    /// Campaigns until this candidate leads, leads until the lease cannot be renewed within the
    /// renew deadline or <paramref name="cancellationToken"/> is cancelled, then returns (as
    /// client-go's Run does; callers usually exit or campaign again).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Config.OnStartedLeading is { } start ? Task.Run(() => start(leading.Token), CancellationToken.None) : Task.CompletedTask;
        try
        {
            await RenewLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            IsLeader = false;
            await leading.CancelAsync().ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested && Config.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The leading work stopped because leadership ended.
            }
            catch (Exception e)
            {
                logger.LogError(e, "leader election {Lock}: the leading work failed", LockName);
            }
            Config.OnStoppedLeading?.Invoke();
        }
    }

    /// <summary>One attempt: create the Lease, renew it, or take it over once expired. True when this candidate now holds it.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        V1Lease? lease;
        try
        {
            lease = await client.TryGetAsync<V1Lease>(ResourceType.Leases, Config.LockNamespace, Config.LockName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException)
        {
            logger.LogWarning("leader election {Lock}: reading the lease failed: {Message}", LockName, e.Message);
            return false;
        }
        if (lease is null)
        {
            try
            {
                var created = await client.CreateAsync(ResourceType.Leases, Config.LockNamespace, LeaseBody(null, Config.Identity, (int)Config.LeaseDuration.TotalSeconds, now, now, 0), null, cancellationToken).ConfigureAwait(false);
                lastLease = ToLease(created);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException)
            {
                logger.LogInformation("leader election {Lock}: creating the lease failed: {Message}", LockName, e.Message);
                return false;
            }
            Observe(lastLease.Spec, now);
            return true;
        }

        var spec = lease.Spec ?? new V1LeaseSpec();
        if (!SameRecord(spec, observed))
        {
            Observe(spec, now);
        }
        var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != Config.Identity;
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)Config.LeaseDuration.TotalSeconds);
        if (heldByOther && observedTime + duration > now)
        {
            return false;
        }
        var mine = spec.HolderIdentity == Config.Identity;
        var body = LeaseBody(
            lease.Metadata.ResourceVersion,
            Config.Identity,
            (int)Config.LeaseDuration.TotalSeconds,
            mine && spec.AcquireTime is { } acquired ? AsUtc(acquired) : now,
            now,
            mine ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1);
        try
        {
            lastLease = ToLease(await client.UpdateAsync(ResourceType.Leases, body, null, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException)
        {
            logger.LogInformation("leader election {Lock}: updating the lease failed: {Message}", LockName, e.Message);
            return false;
        }
        Observe(lastLease.Spec, now);
        return true;
    }

    private string LockName => $"{Config.LockNamespace}/{Config.LockName}";

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));

    // Lease times are MicroTime: written by hand with six fractional digits (see MicroTime).
    private JsonObject LeaseBody(string? resourceVersion, string? holder, int durationSeconds, DateTimeOffset acquire, DateTimeOffset renew, int transitions)
    {
        var metadata = new JsonObject { ["name"] = Config.LockName, ["namespace"] = Config.LockNamespace };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        var spec = new JsonObject
        {
            ["leaseDurationSeconds"] = durationSeconds,
            ["acquireTime"] = MicroTime.Format(acquire),
            ["renewTime"] = MicroTime.Format(renew),
            ["leaseTransitions"] = transitions,
        };
        if (!string.IsNullOrEmpty(holder))
        {
            spec["holderIdentity"] = holder;
        }
        return new JsonObject { ["apiVersion"] = "coordination.k8s.io/v1", ["kind"] = "Lease", ["metadata"] = metadata, ["spec"] = spec };
    }

    private static V1Lease ToLease(JsonObject obj) =>
        obj.Deserialize<V1Lease>(KubeJson.Options) ?? throw new InvalidOperationException("the server returned no lease");

    private static bool SameRecord(V1LeaseSpec a, V1LeaseSpec? b) =>
        b is not null && a.HolderIdentity == b.HolderIdentity && a.RenewTime == b.RenewTime && a.AcquireTime == b.AcquireTime
        && a.LeaseTransitions == b.LeaseTransitions && a.LeaseDurationSeconds == b.LeaseDurationSeconds;

    private void Observe(V1LeaseSpec spec, DateTimeOffset now)
    {
        var previous = observed?.HolderIdentity;
        observed = spec;
        observedTime = now;
        if (!string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != previous)
        {
            logger.LogInformation("leader election {Lock}: new leader {Leader}", LockName, spec.HolderIdentity);
            Config.OnNewLeader?.Invoke(spec.HolderIdentity);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("leader election {Lock}: {Identity} campaigning", LockName, Config.Identity);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                IsLeader = true;
                logger.LogInformation("leader election {Lock}: {Identity} acquired the lease", LockName, Config.Identity);
                return true;
            }
            // client-go waits the retry period plus up to 1.2 times more, so candidates spread out.
            var wait = Config.RetryPeriod + TimeSpan.FromTicks((long)(Config.RetryPeriod.Ticks * 1.2 * Random.Shared.NextDouble()));
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Config.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var deadline = time.GetUtcNow() + Config.RenewDeadline;
            var renewed = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
                {
                    renewed = true;
                    break;
                }
                if (time.GetUtcNow() + Config.RetryPeriod > deadline)
                {
                    break;
                }
                try
                {
                    await Task.Delay(Config.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            if (!renewed && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("leader election {Lock}: {Identity} failed to renew within {Deadline}; leadership lost", LockName, Config.Identity, Config.RenewDeadline);
                return;
            }
        }
    }

    private async Task ReleaseAsync()
    {
        if (lastLease?.Spec?.HolderIdentity != Config.Identity)
        {
            return;
        }
        var now = time.GetUtcNow();
        var body = LeaseBody(lastLease.Metadata.ResourceVersion, null, 1, now, now, lastLease.Spec.LeaseTransitions ?? 0);
        try
        {
            using var timeout = new CancellationTokenSource(Config.RenewDeadline);
            lastLease = ToLease(await client.UpdateAsync(ResourceType.Leases, body, null, timeout.Token).ConfigureAwait(false));
            logger.LogInformation("leader election {Lock}: {Identity} released the lease", LockName, Config.Identity);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("leader election {Lock}: releasing the lease failed: {Message}", LockName, e.Message);
        }
    }
}
