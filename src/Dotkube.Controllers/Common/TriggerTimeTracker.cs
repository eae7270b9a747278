using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Computes the <c>endpoints.kubernetes.io/last-change-trigger-time</c> of a Service's endpoints
/// (upstream's TriggerTimeTracker): for a Service new to the tracker its creation time, else the
/// earliest change not yet reflected — each pod whose Ready condition moved since the last sync
/// (or that is new), and the Service's creation if it was recreated. Null when nothing changed,
/// and then the annotation is dropped, as upstream does.
/// </summary>
/// <remarks>
/// The changes are taken as seen only when the sync that saw them finishes (<see cref="Commit"/>):
/// after a write, or when nothing needed writing. A sync that fails — a conflict with a newer
/// object than the cache has — leaves them for the retry, which would otherwise write the same
/// change without its time and drop the annotation.
/// </remarks>
public sealed class TriggerTimeTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, State> states = new(StringComparer.Ordinal);

    /// <summary>The trigger time of this sync, without taking its changes as seen yet.</summary>
    public TriggerTimeObservation Observe(V1Service service, IEnumerable<V1Pod> pods)
    {
        var key = $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";
        var serviceTime = service.Metadata.CreationTimestamp ?? DateTime.MinValue;
        State? previous;
        lock (gate)
        {
            states.TryGetValue(key, out previous);
        }
        DateTime? earliest = previous is not null && previous.ServiceTime != serviceTime && serviceTime != DateTime.MinValue ? serviceTime : null;
        var podTimes = new Dictionary<string, (DateTime, string?)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (PodUtil.ReadyCondition(pod) is not { LastTransitionTime: { } podTime } ready)
            {
                continue;
            }
            podTimes[pod.Metadata.Name] = (podTime, ready.Status);
            // metav1.Time has whole seconds: a flip within the second the last one happened
            // is a change too (upstream compares the times only and misses it).
            if (previous is null || !previous.PodTimes.TryGetValue(pod.Metadata.Name, out var seen)
                || podTime > seen.Time || (podTime == seen.Time && ready.Status != seen.Status))
            {
                earliest = earliest is { } e && e <= podTime ? e : podTime;
            }
        }
        if (previous is null && serviceTime != DateTime.MinValue)
        {
            // A Service new to the tracker: its creation is the trigger.
            earliest = serviceTime;
        }
        return new TriggerTimeObservation(key, earliest, new TriggerTimeTracker.State(serviceTime, podTimes));
    }

    /// <summary>Takes the observation's changes as reflected in the endpoints (written, or nothing to write).</summary>
    public void Commit(TriggerTimeObservation observation)
    {
        lock (gate)
        {
            states[observation.Key] = observation.Seen;
        }
    }

    /// <summary><see cref="Observe"/> and <see cref="Commit"/> in one.</summary>
    public DateTime? Compute(V1Service service, IEnumerable<V1Pod> pods)
    {
        var observation = Observe(service, pods);
        Commit(observation);
        return observation.Time;
    }

    public void Forget(string ns, string name)
    {
        lock (gate)
        {
            states.Remove($"{ns}/{name}");
        }
    }

    /// <summary>The annotation's text: RFC 3339 in UTC (metav1.Time has whole seconds).</summary>
    public static string Format(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    internal sealed record State(DateTime ServiceTime, Dictionary<string, (DateTime Time, string? Status)> PodTimes);
}
