namespace Dotkube.Client.Queues;

/// <summary>
/// A rate-limited, delaying, deduplicating work queue (client-go's workqueue): an item added
/// while queued is queued once; an item added while being processed is queued again when its
/// worker calls <see cref="Done"/>, so no two workers ever hold the same item. Shutting down
/// hands out what is still queued, then reports shutdown to <see cref="GetAsync"/>.
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<T> queue = new();
    private readonly HashSet<T> dirty = [];
    private readonly HashSet<T> processing = [];
    private readonly Queue<TaskCompletionSource> getters = new();
    private readonly IRateLimiter<T> rateLimiter;
    private readonly TimeProvider time;

    // Items waiting for AddAfter: the earliest time each is due, and a heap ordered by it.
    private readonly Dictionary<T, DateTimeOffset> waiting = [];
    private readonly PriorityQueue<T, DateTimeOffset> waitingHeap = new();
    private readonly ITimer timer;
    private DateTimeOffset timerDue = DateTimeOffset.MaxValue;
    private TaskCompletionSource? drained;
    private bool shuttingDown;

    public WorkQueue(IRateLimiter<T>? rateLimiter = null, TimeProvider? timeProvider = null, string? name = null)
    {
        time = timeProvider ?? TimeProvider.System;
        this.rateLimiter = rateLimiter ?? RateLimiters.DefaultController<T>(time);
        Name = name ?? typeof(T).Name;
        timer = time.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    /// <summary>Items ready to be handed out (not counting those waiting for a delay or in process).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Items waiting for their AddAfter / AddRateLimited delay.</summary>
    public int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    public void Add(T item)
    {
        lock (gate)
        {
            AddLocked(item);
        }
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed (an earlier pending time for it wins).</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }
            var due = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(item, out var existing) && existing <= due)
            {
                return;
            }
            waiting[item] = due;
            waitingHeap.Enqueue(item, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Adds the item after the delay its rate limiter gives (counting a retry).</summary>
    public void AddRateLimited(T item) => AddAfter(item, rateLimiter.When(item));

    /// <summary>The item succeeded: reset its backoff.</summary>
    public void Forget(T item) => rateLimiter.Forget(item);

    public int NumRequeues(T item) => rateLimiter.NumRequeues(item);

    /// <summary>
    /// The next item, waiting until there is one; (default, true) once the queue is shut down and
    /// empty. Every item handed out must be given back with <see cref="Done"/>.
    /// </summary>
    public async ValueTask<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (gate)
            {
                if (queue.TryDequeue(out var item))
                {
                    processing.Add(item);
                    dirty.Remove(item);
                    return (item, false);
                }
                if (shuttingDown)
                {
                    return (default!, true);
                }
                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                getters.Enqueue(signal);
            }
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The worker is finished with the item; if it was added meanwhile it is queued again now.</summary>
    public void Done(T item)
    {
        lock (gate)
        {
            processing.Remove(item);
            if (dirty.Contains(item))
            {
                queue.Enqueue(item);
                WakeOneLocked();
            }
            else if (processing.Count == 0 && drained is not null)
            {
                drained.TrySetResult();
            }
        }
    }

    /// <summary>Stops taking items; workers get what is still queued, then shutdown. Delayed items are dropped.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            shuttingDown = true;
            waiting.Clear();
            waitingHeap.Clear();
            while (getters.TryDequeue(out var g))
            {
                g.TrySetResult();
            }
        }
    }

    /// <summary>Shuts down and waits until every item handed out has been marked <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task wait;
        lock (gate)
        {
            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (processing.Count == 0)
            {
                drained.TrySetResult();
            }
            wait = drained.Task;
        }
        ShutDown();
        return wait.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
    }

    private void AddLocked(T item)
    {
        if (shuttingDown || !dirty.Add(item))
        {
            return;
        }
        if (processing.Contains(item))
        {
            return;
        }
        queue.Enqueue(item);
        WakeOneLocked();
    }

    private void WakeOneLocked()
    {
        while (getters.TryDequeue(out var g))
        {
            if (g.TrySetResult())
            {
                return;
            }
        }
    }

    private void PromoteDue()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            timerDue = DateTimeOffset.MaxValue;
            while (waitingHeap.TryPeek(out var item, out var due) && due <= now)
            {
                waitingHeap.Dequeue();
                // A stale heap entry (the item was re-scheduled earlier, or already promoted) is skipped.
                if (waiting.TryGetValue(item, out var current) && current == due)
                {
                    waiting.Remove(item);
                    AddLocked(item);
                }
            }
            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        // Drop stale entries at the top so the timer is armed for a real due time.
        while (waitingHeap.TryPeek(out var top, out var topDue) && (!waiting.TryGetValue(top, out var cur) || cur != topDue))
        {
            waitingHeap.Dequeue();
        }
        if (!waitingHeap.TryPeek(out _, out var due))
        {
            timerDue = DateTimeOffset.MaxValue;
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        if (due == timerDue)
        {
            return;
        }
        timerDue = due;
        var delay = due - time.GetUtcNow();
        timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }
}
