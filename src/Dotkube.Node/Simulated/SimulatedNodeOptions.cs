namespace Dotkube.Node.Simulated;

/// <summary>The simulated nodes one dotkube server runs (<c>--simulated-nodes N</c>).</summary>
public sealed record SimulatedNodeOptions
{
    /// <summary>How many nodes; they are named <see cref="NamePrefix"/>1 … N (node1, node2, … as in the course's lab).</summary>
    public int Count { get; init; } = 3;

    public string NamePrefix { get; init; } = "node";

    public NodeProfile Profile { get; init; } = new();

    public SimulationDefaults Pods { get; init; } = SimulationDefaults.Standard;

    /// <summary>How often each node renews its Lease (the kubelet's 10 s: a quarter of the 40 s lease).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Lease duration the node declares (the kubelet's 40 s).</summary>
    public int LeaseDurationSeconds { get; init; } = 40;

    /// <summary>How often a node reports its status when nothing changed (the kubelet's 5 min).</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pod status writers working in parallel across all nodes.</summary>
    public int Workers { get; init; } = 8;

    /// <summary>The name of node <paramref name="index"/> (0-based).</summary>
    public string NodeName(int index) => NamePrefix + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// These options with the Lease renewed often enough for a node monitor grace period shorter
    /// than the kubelet's 40 s lease (tests): at least five renewals per grace period.
    /// </summary>
    public SimulatedNodeOptions RenewingWithin(TimeSpan gracePeriod)
    {
        var renew = gracePeriod / 5;
        return renew >= LeaseRenewInterval ? this : this with
        {
            LeaseRenewInterval = renew,
            LeaseDurationSeconds = Math.Max(1, (int)Math.Ceiling(gracePeriod.TotalSeconds * 0.8)),
        };
    }
}
