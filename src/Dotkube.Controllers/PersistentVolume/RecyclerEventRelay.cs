using System.Collections.Concurrent;
using Dotkube.Client;
using Dotkube.Client.Events;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.PersistentVolume;

/// <summary>
/// Copies the events of a recycler pod to its volume while the volume is recycled, as upstream's
/// recycler client does (a watch of events whose involvedObject is the pod): each event added or
/// updated becomes a RecyclerPod event on the volume, same type, message "Recycler pod: …".
/// </summary>
internal sealed class RecyclerEventRelay(KubeApiClient client, EventRecorder events, ILogger logger, TimeProvider clock) : IDisposable
{
    public const string Reason = "RecyclerPod";

    /// <summary>How long a relay keeps listening after its pod finished, for events still on their way.</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, CancellationTokenSource> relays = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>The event a recycler pod's event becomes on its volume.</summary>
    public static (string Type, string Message) Relayed(Corev1Event e) => (e.Type ?? "Normal", "Recycler pod: " + e.Message);

    /// <summary>Starts relaying the events of <paramref name="pod"/> to <paramref name="volume"/>, unless already relaying.</summary>
    public void Start(V1PersistentVolume volume, V1Pod pod)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        if (!relays.TryAdd(volume.Metadata.Name, cts))
        {
            cts.Dispose();
            return;
        }

        var target = new V1ObjectReference { ApiVersion = "v1", Kind = "PersistentVolume", Name = volume.Metadata.Name, Uid = volume.Metadata.Uid, ResourceVersion = volume.Metadata.ResourceVersion };
        _ = Task.Run(() => RelayAsync(target, pod.Metadata.Name, pod.Metadata.Uid, cts.Token));
    }

    /// <summary>Ends the volume's relay once events in flight had time to arrive.</summary>
    public void Stop(string volumeName)
    {
        if (relays.TryRemove(volumeName, out var cts))
        {
            cts.CancelAfter(Drain);
        }
    }

    private async Task RelayAsync(V1ObjectReference target, string podName, string? podUid, CancellationToken ct)
    {
        string? resourceVersion = null;
        // A watch started anew lists the events again: each version is relayed once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var options = new WatchOptions { FieldSelector = "involvedObject.name=" + podName, ResourceVersion = resourceVersion, AllowBookmarks = false };
                await foreach (var change in client.WatchAsync<Corev1Event>(ResourceType.Events, HostPathRecycler.Namespace, options, ct))
                {
                    resourceVersion = change.ResourceVersion ?? resourceVersion;
                    if (change.Type is WatchEventType.Added or WatchEventType.Modified
                        && change.Object is { } e
                        && (podUid is null || e.InvolvedObject?.Uid is null || e.InvolvedObject.Uid == podUid)
                        && seen.Add(e.Metadata?.Uid + "/" + e.Metadata?.ResourceVersion))
                    {
                        var (type, message) = Relayed(e);
                        events.Event(target, type, Reason, message);
                    }
                    else if (change.Type == WatchEventType.Error)
                    {
                        // Expired: start again from the current state.
                        resourceVersion = null;
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException)
            {
                logger.LogWarning("relaying the events of recycler pod {Pod}: {Error}", podName, e.Message);
                resourceVersion = null;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}
