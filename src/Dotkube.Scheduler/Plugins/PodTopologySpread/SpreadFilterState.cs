namespace Dotkube.Scheduler.Plugins.PodTopologySpread;

/// <summary>PreFilter state: per hard constraint, matching pods per domain value.</summary>
internal sealed class SpreadFilterState : ICloneable
{
    public SpreadFilterState(IReadOnlyList<SpreadConstraint> constraints)
    {
        Constraints = constraints;
        Counts = constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    }

    public IReadOnlyList<SpreadConstraint> Constraints { get; }

    public Dictionary<string, int>[] Counts { get; private init; }

    /// <summary>The smallest count over the constraint's domains; 0 when there are fewer domains than minDomains.</summary>
    public long MinMatch(int i)
    {
        var counts = Counts[i];
        if (counts.Count < Constraints[i].MinDomains)
        {
            return 0;
        }

        return counts.Count == 0 ? int.MaxValue : counts.Values.Min();
    }

    public object Clone()
    {
        var copy = new SpreadFilterState(Constraints) { Counts = Counts.Select(c => new Dictionary<string, int>(c, StringComparer.Ordinal)).ToArray() };
        return copy;
    }
}
