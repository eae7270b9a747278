namespace Dotkube.Bench;

internal static class Stats
{
    /// <summary>The value at quantile <paramref name="q"/> (0..1) of an unsorted sample.</summary>
    public static double Quantile(IReadOnlyList<double> sample, double q)
    {
        if (sample.Count == 0)
        {
            return double.NaN;
        }

        var sorted = sample.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Round(q * (sorted.Length - 1)))];
    }
}
