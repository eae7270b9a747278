using Dotkube.Client.Cache;
using Dotkube.Client.Serialization;
using Microsoft.Extensions.Logging;

namespace Dotkube.Client.Informers;

public sealed partial class Informer<T>
{
    // A watch that ends this quickly without any event is treated as a failure, so a server that
    // keeps closing streams at once is retried with backoff rather than in a hot loop.
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(Options.InitialBackoff, Options.MaxBackoff, jitter: 0.5);
        var needList = true;
        Task? resync = Options.ResyncPeriod > TimeSpan.Zero ? ResyncLoopAsync(cancellationToken) : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var operation = needList ? "list" : "watch";
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    Recovered(backoff);
                }
                operation = "watch";
                var (events, elapsed) = await WatchOnceAsync(backoff, cancellationToken).ConfigureAwait(false);
                if (events == 0 && elapsed < ShortWatch)
                {
                    throw new IOException($"the watch ended after {elapsed.TotalMilliseconds:F0} ms without any event");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                // The revision we would resume from is compacted: relist and diff.
                logger.LogInformation("informer {Informer}: resourceVersion {Rv} is too old ({Message}); relisting", Name, LastSyncResourceVersion, e.Message);
                needList = true;
            }
            catch (Exception e)
            {
                IsWatching = false;
                ConsecutiveFailures++;
                var wait = backoff.Next();
                var failure = new InformerFailure(Resource, operation, e, ConsecutiveFailures, wait);
                LastFailure = failure;
                logger.LogWarning(e, "informer {Informer}: {Operation} failed ({Count} in a row), retrying in {Wait}: {Message}", Name, operation, ConsecutiveFailures, wait, e.Message);
                RaiseFailed(failure);
                try
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        IsWatching = false;
        if (resync is not null)
        {
            await resync.ConfigureAwait(false);
        }
    }

    private void Recovered(Backoff backoff)
    {
        if (ConsecutiveFailures > 0)
        {
            logger.LogInformation("informer {Informer}: recovered after {Count} failures", Name, ConsecutiveFailures);
        }
        ConsecutiveFailures = 0;
        backoff.Reset();
    }

    private void RaiseFailed(InformerFailure failure)
    {
        try
        {
            Failed?.Invoke(failure);
        }
        catch (Exception e)
        {
            logger.LogError(e, "informer {Informer}: a Failed subscriber threw", Name);
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListAllAsync(
            Resource,
            Options.Namespace,
            new ListOptions { LabelSelector = Options.LabelSelector, FieldSelector = Options.FieldSelector },
            Options.PageSize,
            ReadCodec,
            cancellationToken).ConfigureAwait(false);
        lock (dispatchGate)
        {
            var first = !HasSynced;
            var diff = cache.Replace(NeedsTransform ? [.. list.Items.Select(Transformed)] : list.Items);
            foreach (var obj in diff.Added)
            {
                Dispatch(new Notification<T>(NotificationKind.Add, null, obj, first));
            }
            foreach (var (old, fresh) in diff.Updated)
            {
                Dispatch(new Notification<T>(NotificationKind.Update, old, fresh, false));
            }
            foreach (var gone in diff.Deleted)
            {
                Dispatch(new Notification<T>(NotificationKind.Delete, null, gone, true));
            }
            Volatile.Write(ref lastResourceVersion, list.ResourceVersion);
            ListCount++;
            if (!first)
            {
                logger.LogInformation("informer {Informer}: relisted at {Rv}: {Added} added, {Updated} updated, {Deleted} deleted", Name, list.ResourceVersion, diff.Added.Count, diff.Updated.Count, diff.Deleted.Count);
            }
        }
        synced.TrySetResult();
    }

    private async Task<(int Events, TimeSpan Elapsed)> WatchOnceAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var timeout = Options.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble());
        var options = new WatchOptions
        {
            ResourceVersion = LastSyncResourceVersion,
            LabelSelector = Options.LabelSelector,
            FieldSelector = Options.FieldSelector,
            AllowBookmarks = true,
            TimeoutSeconds = (int)timeout,
        };
        var events = 0;
        IsWatching = true;
        try
        {
            await foreach (var e in client.WatchAsync(Resource, Options.Namespace, options, ReadCodec, cancellationToken).ConfigureAwait(false))
            {
                if (events++ == 0)
                {
                    Recovered(backoff);
                }
                Apply(e);
            }
        }
        finally
        {
            IsWatching = false;
        }
        return (events, time.GetElapsedTime(started));
    }

    /// <summary>How lists and watches are decoded: without managedFields when the options drop them and the type can skip them.</summary>
    private ObjectCodec<T> ReadCodec => Options.DropManagedFields ? codec.WithoutManagedFields : codec;

    private bool NeedsTransform => Options.Transform is not null || (Options.DropManagedFields && ReferenceEquals(ReadCodec, codec));

    private T Transformed(T obj)
    {
        if (Options.DropManagedFields && ReferenceEquals(ReadCodec, codec))
        {
            obj = (T)InformerTransforms.DropManagedFields(obj);
        }
        return Options.Transform is { } transform ? (T)transform(obj) : obj;
    }

    private void Apply(WatchEvent<T> e)
    {
        if (e.Object is not null && NeedsTransform && e.Type is not (WatchEventType.Error or WatchEventType.Bookmark))
        {
            e = e with { Object = Transformed(e.Object) };
        }
        switch (e.Type)
        {
            case WatchEventType.Error:
                throw new KubeApiException(e.Status!);
            case WatchEventType.Bookmark:
                break;
            case WatchEventType.Added or WatchEventType.Modified:
                lock (dispatchGate)
                {
                    var old = cache.Upsert(e.Object!);
                    Dispatch(old is null
                        ? new Notification<T>(NotificationKind.Add, null, e.Object!, false)
                        : new Notification<T>(NotificationKind.Update, old, e.Object!, false));
                }
                break;
            case WatchEventType.Deleted:
                lock (dispatchGate)
                {
                    cache.Remove(cache.KeyOf(e.Object!));
                    Dispatch(new Notification<T>(NotificationKind.Delete, null, e.Object!, false));
                }
                break;
        }
        if (!string.IsNullOrEmpty(e.ResourceVersion))
        {
            Volatile.Write(ref lastResourceVersion, e.ResourceVersion);
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.ResyncPeriod, time, cancellationToken).ConfigureAwait(false);
                if (!HasSynced)
                {
                    continue;
                }
                lock (dispatchGate)
                {
                    foreach (var obj in cache.List())
                    {
                        Dispatch(new Notification<T>(NotificationKind.Update, obj, obj, false));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the informer.
        }
    }
}
