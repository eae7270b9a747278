namespace Dotkube.Scheduler.Framework;

/// <summary>Runs per-node work in parallel only when there is enough of it to pay for the threads.</summary>
public static class Parallelism
{
    private const int MinItemsPerWorker = 64;

    public static void For(int count, int parallelism, Action<int> body)
    {
        if (parallelism <= 1 || count < 2 * MinItemsPerWorker)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        var workers = Math.Min(parallelism, count / MinItemsPerWorker);
        var chunk = (count + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var end = Math.Min(count, (w + 1) * chunk);
            for (var i = w * chunk; i < end; i++)
            {
                body(i);
            }
        });
    }
}
