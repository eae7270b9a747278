using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Computes the <c>endpoints.kubernetes.io/last-change-trigger-time</c> of a Service's endpoints
/// (upstream's TriggerTimeTracker): the earliest change not yet reflected — the Service's creation
/// if it is new to the tracker, and each pod whose Ready condition moved since the last sync (or
/// that is new). Null when nothing changed, and then the annotation is dropped, as upstream does.
/// </summary>
public sealed class TriggerTimeTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, State> states = new(StringComparer.Ordinal);

    public DateTime? Compute(V1Service service, IEnumerable<V1Pod> pods)
    {
        var key = $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";
        var serviceTime = service.Metadata.CreationTimestamp ?? DateTime.MinValue;
        lock (gate)
        {
            states.TryGetValue(key, out var previous);
            DateTime? earliest = (previous is null || previous.ServiceTime != serviceTime) && serviceTime != DateTime.MinValue ? serviceTime : null;
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
            states[key] = new State(serviceTime, podTimes);
            return earliest;
        }
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

    private sealed record State(DateTime ServiceTime, Dictionary<string, (DateTime Time, string? Status)> PodTimes);
}
