namespace Dotkube.Controllers.ReplicaSet;

/// <summary>
/// Upstream's slowStartBatch: creates in batches of 1, 2, 4, … so that a template that cannot
/// create pods (quota, admission) fails after one call, not after hundreds.
/// </summary>
public static class SlowStart
{
    public const int InitialBatchSize = 1;

    /// <summary>Runs <paramref name="create"/> up to <paramref name="count"/> times; stops after the first batch with a failure.</summary>
    /// <returns>how many succeeded, and the first error (null when all succeeded).</returns>
    public static async Task<(int Succeeded, Exception? Error)> RunAsync(int count, Func<Task> create)
    {
        var remaining = count;
        var succeeded = 0;
        for (var batch = Math.Min(remaining, InitialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var errors = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => TryAsync(create)));
            succeeded += errors.Count(e => e is null);
            if (errors.FirstOrDefault(e => e is not null) is { } error)
            {
                return (succeeded, error);
            }
            remaining -= batch;
        }
        return (succeeded, null);
    }

    private static async Task<Exception?> TryAsync(Func<Task> create)
    {
        try
        {
            await create();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handed back to the caller, which reports the first one.
            return e;
        }
    }
}
