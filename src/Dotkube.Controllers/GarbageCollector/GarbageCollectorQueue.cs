namespace Dotkube.Controllers.GarbageCollector;

/// <summary>
/// A bounded work queue of keys with client-go's guarantees: a key is queued at most once, never
/// handed to two workers at a time (a key added while it is processed runs again after), and
/// failures are retried with per-key exponential backoff.
/// A key that does not fit is dropped and <see cref="Overflowed"/> set; the periodic resync,
/// which queues everything the graph says needs work, picks it up again, so nothing is lost.
/// </summary>
public sealed class GarbageCollectorQueue(int capacity, TimeSpan baseDelay, TimeSpan maxDelay)
{
    private readonly Lock gate = new();
    private readonly Queue<string> ready = new();
    private readonly HashSet<string> queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> processing = new(StringComparer.Ordinal);
    private readonly HashSet<string> dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim available = new(0);
    private readonly CancellationTokenSource stopping = new();
    private bool overflowed;

    /// <summary>Keys waiting (ready, or to run again after their current run).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queued.Count + dirty.Count;
            }
        }
    }

    /// <summary>True (once) when a key was dropped for lack of room since the last call.</summary>
    public bool Overflowed()
    {
        lock (gate)
        {
            var was = overflowed;
            overflowed = false;
            return was;
        }
    }

    /// <returns>false when the key was dropped because the queue is full.</returns>
    public bool Add(string key)
    {
        lock (gate)
        {
            if (queued.Contains(key) || dirty.Contains(key))
            {
                return true;
            }
            if (queued.Count + dirty.Count >= capacity)
            {
                overflowed = true;
                return false;
            }
            if (processing.Contains(key))
            {
                dirty.Add(key);
                return true;
            }
            queued.Add(key);
            ready.Enqueue(key);
        }
        available.Release();
        return true;
    }

    /// <summary>Adds the key after a delay (not at all once the queue is stopped).</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        _ = Task.Delay(delay, stopping.Token).ContinueWith(
            _ => Add(key), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Retries the key later, twice as late as after its previous failure.</summary>
    public void AddRateLimited(string key)
    {
        int n;
        lock (gate)
        {
            n = failures.GetValueOrDefault(key);
            failures[key] = n + 1;
        }
        AddAfter(key, Backoff(n));
    }

    /// <summary>The key succeeded: its backoff starts over.</summary>
    public void Forget(string key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public int Failures(string key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    public TimeSpan Backoff(int previousFailures)
    {
        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Min(previousFailures, 30));
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Waits for the next key and marks it processing; call <see cref="Done"/> after.</summary>
    public async Task<string> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            await available.WaitAsync(ct);
            if (TryTake(out var key))
            {
                return key;
            }
        }
    }

    /// <summary>Takes the next key without waiting, or returns false when none is ready.</summary>
    public bool TryTake(out string key)
    {
        lock (gate)
        {
            if (ready.TryDequeue(out var next))
            {
                queued.Remove(next);
                processing.Add(next);
                key = next;
                return true;
            }
        }
        key = "";
        return false;
    }

    /// <summary>Ends the key's run; if it was added meanwhile it is queued again.</summary>
    public void Done(string key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (!dirty.Remove(key))
            {
                return;
            }
            queued.Add(key);
            ready.Enqueue(key);
        }
        available.Release();
    }

    /// <summary>Drops every pending delayed add. (Nothing here holds unmanaged resources: no wait handle is ever taken.)</summary>
    public void Stop() => stopping.Cancel();
}
