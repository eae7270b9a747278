namespace Dotkube.Client.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, with client-go's defaults: the lease lasts
/// 15 s, the leader must renew within 10 s, and everyone retries every 2 s.
/// </summary>
public sealed record LeaderElectionConfig
{
    public required string LockNamespace { get; init; }

    public required string LockName { get; init; }

    /// <summary>This candidate's holderIdentity; unique per process (e.g. hostname plus a random suffix).</summary>
    public required string Identity { get; init; }

    /// <summary>How long non-leaders wait after the last observed renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failed renewal before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait between tries to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation, give the lease up at once so another candidate need not wait for it to expire.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Runs while leading; its token is cancelled when leadership is lost or the elector stops.</summary>
    public Func<CancellationToken, Task>? OnStartedLeading { get; init; }

    /// <summary>Called once leadership ends (lost, or released on cancellation).</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>Called when the observed leader changes (including to this candidate).</summary>
    public Action<string>? OnNewLeader { get; init; }
}
