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

    /// <summary>--node-eviction-rate: nodes per second that get a NoExecute taint in a healthy zone (0.1).</summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>--secondary-node-eviction-rate: the same in a partially disrupted large zone (0.01).</summary>
    public double SecondaryNodeEvictionRate { get; init; } = 0.01;

    /// <summary>--unhealthy-zone-threshold: the share of unready nodes (over two) that makes a zone partially disrupted (0.55).</summary>
    public double UnhealthyZoneThreshold { get; init; } = 0.55;

    /// <summary>--large-cluster-size-threshold: above this many nodes a partially disrupted zone still taints, slowly (50).</summary>
    public int LargeClusterSizeThreshold { get; init; } = 50;

    /// <summary>--node-monitor-period: how often a node with no news is looked at again (5 s, as upstream).</summary>
    public TimeSpan MonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);
}
