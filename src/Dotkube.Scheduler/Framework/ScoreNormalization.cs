namespace Dotkube.Scheduler.Framework;

public static class ScoreNormalization
{
    public const long MaxNodeScore = 100;

    /// <summary>
    /// Upstream's DefaultNormalizeScore: scale so the highest raw score becomes 100; reversed, so the
    /// lowest does. All zero: 0, or 100 when reversed.
    /// </summary>
    public static void Default(long[] scores, bool reverse)
    {
        long max = 0;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var s = max == 0 ? 0 : MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? MaxNodeScore - s : s;
        }
    }
}
