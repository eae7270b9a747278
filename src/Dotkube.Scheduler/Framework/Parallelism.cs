namespace Dotkube.Scheduler.Framework;

/// <summary>
/// Runs per-node work on several workers that take small chunks in index order (as upstream's
/// ParallelizeUntil), so work that stops early has mostly covered the first indexes; runs inline
/// when there is too little work to pay for the threads.
/// </summary>
public static class Parallelism
{
    private const int ChunkSize = 16;
    private const int MinItemsForParallel = 128;

    public static void For(int count, int parallelism, Action<int> body)
    {
        if (parallelism <= 1 || count < MinItemsForParallel)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        var next = 0;
        void Worker()
        {
            while (true)
            {
                var start = Interlocked.Add(ref next, ChunkSize) - ChunkSize;
                if (start >= count)
                {
                    return;
                }

                var end = Math.Min(count, start + ChunkSize);
                for (var i = start; i < end; i++)
                {
                    body(i);
                }
            }
        }

        // Parallel.For runs on the calling thread too, so a busy thread pool slows the work down
        // instead of blocking it.
        var workers = Math.Min(parallelism, (count + ChunkSize - 1) / ChunkSize);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Worker());
    }
}
