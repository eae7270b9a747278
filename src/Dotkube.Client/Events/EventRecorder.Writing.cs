using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Client.Events;

public sealed partial class EventRecorder
{
    // Written only by the writer task.
    private readonly Dictionary<string, LinkedListNode<(string Key, Corev1Event Event)>> seen = [];
    private readonly LinkedList<(string Key, Corev1Event Event)> seenOrder = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> spam = [];

    private async Task WriteLoopAsync()
    {
        await foreach (var ev in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (Allowed(ev))
                {
                    await WriteAsync(ev).ConfigureAwait(false);
                }
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }
    }

    private static string DedupKey(Corev1Event e) => string.Join(
        "\u0000",
        e.Source.Component, e.Source.Host, e.InvolvedObject.Kind, e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Name,
        e.InvolvedObject.FieldPath, e.InvolvedObject.Uid, e.InvolvedObject.ApiVersion, e.Type, e.Reason, e.Message);

    // client-go's spam filter: a token bucket per source and object.
    private bool Allowed(Corev1Event e)
    {
        var key = string.Join("\u0000", e.Source.Component, e.Source.Host, e.InvolvedObject.Kind, e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Name, e.InvolvedObject.FieldPath, e.InvolvedObject.Uid, e.InvolvedObject.ApiVersion);
        var now = time.GetUtcNow();
        var (tokens, at) = spam.TryGetValue(key, out var b) ? b : (Options.SpamBurst, now);
        tokens = Math.Min(Options.SpamBurst, tokens + ((now - at) / Options.SpamRefill));
        if (tokens < 1)
        {
            spam[key] = (tokens, now);
            logger.LogDebug("event recorder {Component}: rate-limited {Reason} for {Name}", Component, e.Reason, e.InvolvedObject.Name);
            return false;
        }
        spam[key] = (tokens - 1, now);
        if (spam.Count > Options.CacheSize)
        {
            spam.Remove(spam.Keys.First());
        }
        return true;
    }

    private async Task WriteAsync(Corev1Event ev)
    {
        var key = DedupKey(ev);
        seen.TryGetValue(key, out var previous);
        for (var attempt = 1; attempt <= Options.MaxTries; attempt++)
        {
            try
            {
                Corev1Event written;
                if (previous is not null)
                {
                    var last = previous.Value.Event;
                    try
                    {
                        var patch = new JsonObject
                        {
                            ["count"] = (last.Count ?? 1) + 1,
                            ["lastTimestamp"] = MetaTime.Format(new DateTimeOffset(ev.LastTimestamp!.Value, TimeSpan.Zero)),
                            ["message"] = ev.Message,
                        };
                        written = await client.PatchAsync<Corev1Event>(ResourceType.Events, last.Metadata.NamespaceProperty, last.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken: stopping.Token).ConfigureAwait(false);
                    }
                    catch (KubeApiException e) when (e.IsNotFound)
                    {
                        // The earlier event is gone (events expire): start over with a fresh one.
                        Forget(previous);
                        previous = null;
                        written = await client.CreateAsync(ResourceType.Events, ev.Metadata.NamespaceProperty, ev, cancellationToken: stopping.Token).ConfigureAwait(false);
                    }
                }
                else
                {
                    written = await client.CreateAsync(ResourceType.Events, ev.Metadata.NamespaceProperty, ev, cancellationToken: stopping.Token).ConfigureAwait(false);
                }
                Remember(key, written, previous);
                return;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException)
            {
                if (e is KubeApiException { Code: < 500 and not 429 } || attempt == Options.MaxTries)
                {
                    logger.LogWarning("event recorder {Component}: could not write {Reason} for {Kind} {Namespace}/{Name} (attempt {Attempt}): {Message}", Component, ev.Reason, ev.InvolvedObject.Kind, ev.InvolvedObject.NamespaceProperty, ev.InvolvedObject.Name, attempt, e.Message);
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), time, stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private void Remember(string key, Corev1Event written, LinkedListNode<(string Key, Corev1Event Event)>? previous)
    {
        if (previous is not null)
        {
            seenOrder.Remove(previous);
        }
        seen[key] = seenOrder.AddFirst((key, written));
        while (seen.Count > Options.CacheSize && seenOrder.Last is { } oldest)
        {
            Forget(oldest);
        }
    }

    private void Forget(LinkedListNode<(string Key, Corev1Event Event)> node)
    {
        seen.Remove(node.Value.Key);
        seenOrder.Remove(node);
    }
}
