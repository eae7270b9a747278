namespace Dotkube.Storage.Compaction;

/// <summary>
/// Compacts a store in the background so history (and the SQLite file) stays bounded: every
/// <see cref="CompactorOptions.Interval"/> it drops history outside both retention windows of
/// <see cref="CompactorOptions"/>. The server runs <see cref="RunAsync"/> for its lifetime.
/// </summary>
public sealed class StoreCompactor
{
    private readonly IRevisionedStore store;
    private readonly CompactorOptions options;
    private readonly TimeProvider time;
    private readonly Action<Exception>? onError;

    // (when, revision) seen at each run, oldest first: tells which revision is RetainDuration old.
    private readonly List<(DateTimeOffset At, long Revision)> samples = [];

    /// <param name="onError">
    /// called when a run fails, and the loop goes on; without it the failure ends <see cref="RunAsync"/>.
    /// </param>
    public StoreCompactor(IRevisionedStore store, CompactorOptions? options = null, TimeProvider? time = null, Action<Exception>? onError = null)
    {
        this.store = store;
        this.options = options ?? CompactorOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.options.Interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.RetainRevisions);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.RetainDuration, TimeSpan.Zero);
        this.time = time ?? TimeProvider.System;
        this.onError = onError;
    }

    /// <summary>Compacts every interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await CompactOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (onError is not null && e is not OperationCanceledException)
                {
                    onError(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping is the normal end of the loop
        }
    }

    /// <summary>One run: compacts if anything is outside both windows; returns the new compacted revision, or null.</summary>
    public async Task<long?> CompactOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var current = store.CurrentRevision;
        samples.Add((now, current));

        // The newest sample at least RetainDuration old gives the revision that old; older ones are not needed again.
        var newestOld = -1;
        while (newestOld + 1 < samples.Count && now - samples[newestOld + 1].At >= options.RetainDuration)
        {
            newestOld++;
        }

        long oldEnough = 0;
        if (newestOld >= 0)
        {
            samples.RemoveRange(0, newestOld);
            oldEnough = samples[0].Revision;
        }

        var target = Math.Min(current - options.RetainRevisions, oldEnough);
        if (target <= store.CompactedRevision)
        {
            return null;
        }

        if (store is ICoordinatedCompaction shared && !await shared.TryClaimCompactionAsync(target, cancellationToken).ConfigureAwait(false))
        {
            return null; // another server sharing the store compacted this round
        }

        await store.CompactAsync(target, cancellationToken).ConfigureAwait(false);
        return target;
    }
}
