namespace Dotkube.Controllers.NodeLifecycle;

/// <summary>kube-controller-manager's node lifecycle flags.</summary>
public sealed record NodeLifecycleOptions
{
    /// <summary>
    /// --node-monitor-grace-period: how long a node may stay silent (no Lease renewal, no status)
    /// before it is marked Unknown; 50 s as Kubernetes 1.32.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>--node-startup-grace-period: the same for a node that never reported Ready.</summary>
    public TimeSpan StartupGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a node with no news is looked at again (upstream's --node-monitor-period, 5 s);
    /// never more than a fifth of the grace period, so a short test grace period is kept to.
    /// </summary>
    public TimeSpan MonitorPeriod
    {
        get
        {
            var fifth = GracePeriod / 5;
            return fifth < TimeSpan.FromSeconds(5) ? (fifth < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : fifth) : TimeSpan.FromSeconds(5);
        }
    }
}
