namespace Dotkube.Scheduler.Plugins.PodTopologySpread;

/// <summary>PreScore state: soft constraints, per-constraint weights and domain counts, nodes without the keys.</summary>
internal sealed class SpreadScoreState
{
    public SpreadScoreState(IReadOnlyList<SpreadConstraint> constraints)
    {
        Constraints = constraints;
        Weights = new double[constraints.Count];
        PairCounts = constraints.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
    }

    public IReadOnlyList<SpreadConstraint> Constraints { get; }

    /// <summary>log(number of domains + 2): spreading over many small domains weighs more per pod.</summary>
    public double[] Weights { get; }

    public Dictionary<string, long>[] PairCounts { get; }

    public HashSet<string> IgnoredNodes { get; } = new(StringComparer.Ordinal);
}
