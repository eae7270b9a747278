using System.Text.Json;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>Feeding the owner graph: one list-then-watch loop per collectable resource.</summary>
public sealed partial class GarbageCollector
{
    private sealed record ResourceWatch(ResourceDefinition Definition, CancellationTokenSource Stop, Task Loop);

    /// <summary>
    /// Brings the set of watches in line with the registry: resources that appeared are listed and
    /// watched, those that went are dropped from the graph, and a watch loop that died is logged
    /// and started again. Only the run loop calls this.
    /// </summary>
    private async Task SuperviseWatchesAsync(CancellationToken ct)
    {
        var wanted = CollectableResources();
        foreach (var (prefix, watch) in watches.ToList())
        {
            var keep = wanted.TryGetValue(prefix, out var def) && ReferenceEquals(def, watch.Definition) && !watch.Loop.IsCompleted;
            if (keep)
            {
                continue;
            }
            await watch.Stop.CancelAsync();
            await Task.WhenAny(watch.Loop);
            if (watch.Loop.IsFaulted)
            {
                logger.LogError(watch.Loop.Exception, "garbage collector: watch of {Resource} ended with an error; restarting it", Describe(watch.Definition));
            }
            watch.Stop.Dispose();
            watches.Remove(prefix);
            if (def is null)
            {
                var enqueue = new List<string>();
                graph.Drop(prefix, enqueue);
                Enqueue(enqueue);
            }
        }
        foreach (var (prefix, def) in wanted)
        {
            if (watches.ContainsKey(prefix))
            {
                continue;
            }
            long from;
            try
            {
                from = await RelistAsync(def, ct);
            }
            catch (Exception e) when (e is StatusException or StorageException or JsonException)
            {
                logger.LogWarning(e, "garbage collector: listing {Resource} failed; trying again at the next resync", Describe(def));
                continue;
            }
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            watches[prefix] = new ResourceWatch(def, stop, Task.Run(() => WatchLoopAsync(def, from, stop.Token), CancellationToken.None));
        }
    }

    /// <summary>Reads the whole resource into the graph; returns the revision to watch from.</summary>
    private async Task<long> RelistAsync(ResourceDefinition def, CancellationToken ct)
    {
        var page = await stores.For(def).ListAsync("", new ListQuery(), ct);
        var enqueue = new List<string>();
        graph.Replace(def.StoragePrefix, page.Items.Select(o => GarbageCollectorNode.From(def, o)), page.ResourceVersion, enqueue);
        Enqueue(enqueue);
        return page.ResourceVersion;
    }

    /// <summary>
    /// Watches one resource from <paramref name="from"/>, relisting every resync period and after
    /// any failure (a compacted revision, a watcher that fell behind), until cancelled.
    /// </summary>
    private async Task WatchLoopAsync(ResourceDefinition def, long from, CancellationToken ct)
    {
        var store = stores.For(def);
        long? after = from;
        while (true)
        {
            try
            {
                after ??= await RelistAsync(def, ct);
                using var period = CancellationTokenSource.CreateLinkedTokenSource(ct);
                period.CancelAfter(options.ResyncPeriod);
                try
                {
                    await foreach (var e in store.WatchAsync("", after.Value, period.Token))
                    {
                        Apply(def, e);
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The resync period is up.
                }
                after = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StatusException or StorageException or JsonException)
            {
                logger.LogWarning(e, "garbage collector: watch of {Resource} failed; relisting", Describe(def));
                after = null;
                try
                {
                    await Task.Delay(options.WatchRetryDelay, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private void Apply(ResourceDefinition def, ObjectEvent e)
    {
        var enqueue = new List<string>();
        if (e.Type == "DELETED")
        {
            if (ObjectJson.Uid(e.Object) is { Length: > 0 } uid)
            {
                graph.Remove(uid, enqueue);
            }
        }
        else
        {
            graph.Observe(GarbageCollectorNode.From(def, e.Object), enqueue);
        }
        Enqueue(enqueue);
    }

    private static string Describe(ResourceDefinition def) => def.Group.Length > 0 ? $"{def.Plural}.{def.Group}" : def.Plural;
}
