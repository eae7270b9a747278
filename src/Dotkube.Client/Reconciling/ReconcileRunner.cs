using Dotkube.Client.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dotkube.Client.Reconciling;

/// <summary>
/// Runs an <see cref="IReconciler"/> on N workers fed by a rate-limited work queue, and owns
/// requeue and backoff centrally: an exception or <see cref="ReconcileResult.Requeue"/> retries
/// with per-item backoff, <see cref="ReconcileResult.RequeueAfter"/> comes back after that time,
/// success forgets the key's backoff.
/// </summary>
public sealed class ReconcileRunner : IDisposable
{
    private readonly IReconciler reconciler;
    private readonly ILogger logger;
    private long reconciles;
    private long failures;

    public ReconcileRunner(string name, IReconciler reconciler, ReconcileRunnerOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        Name = name;
        this.reconciler = reconciler;
        Options = options ?? new ReconcileRunnerOptions();
        this.logger = logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        Queue = new WorkQueue<ObjectKey>(Options.RateLimiter ?? RateLimiters.DefaultController<ObjectKey>(time), time, name);
    }

    public string Name { get; }

    public ReconcileRunnerOptions Options { get; }

    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Reconcile calls made so far.</summary>
    public long Reconciles => Interlocked.Read(ref reconciles);

    /// <summary>Reconcile calls that threw.</summary>
    public long Failures => Interlocked.Read(ref failures);

    public void Enqueue(ObjectKey key) => Queue.Add(key);

    public void Enqueue(string? ns, string name) => Queue.Add(new ObjectKey(ns ?? "", name));

    /// <summary>Runs the workers until cancelled, then shuts the queue down and waits for keys in process.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("controller {Name}: starting {Workers} workers", Name, Options.Workers);
        var workers = Enumerable.Range(0, Math.Max(1, Options.Workers)).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None)).ToArray();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        await Queue.ShutDownWithDrainAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        logger.LogInformation("controller {Name}: stopped", Name);
    }

    /// <summary>Takes one key from the queue and reconciles it; false once the queue is shut down.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var (key, shutdown) = await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
        if (shutdown)
        {
            return false;
        }
        try
        {
            Interlocked.Increment(ref reconciles);
            var result = await reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            if (result.RequeueAfter > TimeSpan.Zero)
            {
                Queue.Forget(key);
                Queue.AddAfter(key, result.RequeueAfter);
            }
            else if (result.Requeue)
            {
                Queue.AddRateLimited(key);
            }
            else
            {
                Queue.Forget(key);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the key is reconciled again by whoever runs next.
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref failures);
            var retries = Queue.NumRequeues(key);
            if (Options.MaxRetries is { } max && retries >= max)
            {
                logger.LogError(e, "controller {Name}: dropping {Key} after {Retries} retries", Name, key, retries);
                Queue.Forget(key);
            }
            else
            {
                logger.LogWarning(e, "controller {Name}: reconciling {Key} failed (retry {Retries}): {Message}", Name, key, retries + 1, e.Message);
                Queue.AddRateLimited(key);
            }
        }
        finally
        {
            Queue.Done(key);
        }
        return true;
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (await ProcessNextAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }
}
