using System.CommandLine;
using Dotkube.Controllers.NodeLifecycle;
using Dotkube.Machinery.Time;

namespace Dotkube.Commands;

/// <summary>
/// kube-controller-manager's flags for the node lifecycle controller (its monitor period and the
/// zone-aware eviction), named and defaulted as upstream's.
/// </summary>
public sealed class NodeLifecycleFlags
{
    private readonly Option<double> evictionRate = new("--node-eviction-rate")
    {
        Description = "Nodes per second that get a NoExecute taint when a zone is healthy",
        DefaultValueFactory = _ => 0.1,
    };

    private readonly Option<double> secondaryEvictionRate = new("--secondary-node-eviction-rate")
    {
        Description = "Nodes per second that get a NoExecute taint when a large zone is unhealthy (0 in zones of at most --large-cluster-size-threshold nodes)",
        DefaultValueFactory = _ => 0.01,
    };

    private readonly Option<double> unhealthyZoneThreshold = new("--unhealthy-zone-threshold")
    {
        Description = "Share of a zone's nodes (at least 3) not Ready for the zone to count as unhealthy",
        DefaultValueFactory = _ => 0.55,
    };

    private readonly Option<int> largeClusterSizeThreshold = new("--large-cluster-size-threshold")
    {
        Description = "Number of nodes above which an unhealthy zone still taints, at --secondary-node-eviction-rate",
        DefaultValueFactory = _ => 50,
    };

    private readonly Option<string> monitorPeriod = new("--node-monitor-period")
    {
        Description = "How often the node lifecycle controller looks at nodes that have sent no news (a Go duration)",
        DefaultValueFactory = _ => "5s",
    };

    public void AddTo(Command command)
    {
        monitorPeriod.Validators.Add(r =>
        {
            if (!GoDuration.TryParse(r.GetValueOrDefault<string>() ?? "", out var d) || d <= TimeSpan.Zero)
            {
                r.AddError($"--node-monitor-period: invalid duration \"{r.GetValueOrDefault<string>()}\" (want e.g. 5s, 500ms)");
            }
        });
        command.Options.Add(monitorPeriod);
        foreach (var option in new[] { evictionRate, secondaryEvictionRate, unhealthyZoneThreshold })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<double>() < 0)
                {
                    r.AddError($"{option.Name} must not be negative");
                }
            });
            command.Options.Add(option);
        }
        largeClusterSizeThreshold.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--large-cluster-size-threshold must not be negative");
            }
        });
        command.Options.Add(largeClusterSizeThreshold);
    }

    /// <summary>The node lifecycle options these flags set (the grace period comes from its own flag).</summary>
    public NodeLifecycleOptions Read(ParseResult parse, TimeSpan gracePeriod) => new()
    {
        GracePeriod = gracePeriod,
        MonitorPeriod = GoDuration.TryParse(parse.GetValue(monitorPeriod) ?? "", out var period) ? period : TimeSpan.FromSeconds(5),
        NodeEvictionRate = parse.GetValue(evictionRate),
        SecondaryNodeEvictionRate = parse.GetValue(secondaryEvictionRate),
        UnhealthyZoneThreshold = parse.GetValue(unhealthyZoneThreshold),
        LargeClusterSizeThreshold = parse.GetValue(largeClusterSizeThreshold),
    };
}
