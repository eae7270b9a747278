using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Queue;

/// <summary>
/// Pending pods in three places, as upstream: activeQ (ready; highest priority first, then the
/// earliest queued), backoffQ (failed recently; back after 1s doubling per attempt up to 10s) and
/// unschedulable (waiting for a cluster event one of its rejecting plugins registered for, or for
/// 5 minutes to pass). Thread-safe.
/// </summary>
public sealed class SchedulingQueue
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Func<PodInfo, Status> _preEnqueue;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> _registrations;
    private readonly Dictionary<string, QueuedPodInfo> _pods = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(QueuedPodInfo Pod, long Version), (int NegPriority, long Ticks, long Seq)> _active = new();
    private readonly PriorityQueue<(QueuedPodInfo Pod, long Version), long> _backoff = new();
    private readonly SemaphoreSlim _signal = new(0);

    // Kept beside _pods so events and the nominated-pod lookup do not scan every pending pod.
    private readonly HashSet<QueuedPodInfo> _unschedulable = [];
    private readonly HashSet<QueuedPodInfo> _nominated = [];
    private long _seq;
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;

    public SchedulingQueue(
        TimeProvider time,
        Func<PodInfo, Status> preEnqueue,
        IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> registrations,
        TimeSpan? initialBackoff = null,
        TimeSpan? maxBackoff = null,
        TimeSpan? maxInUnschedulable = null)
    {
        _time = time;
        _preEnqueue = preEnqueue;
        _registrations = registrations;
        InitialBackoff = initialBackoff ?? TimeSpan.FromSeconds(1);
        MaxBackoff = maxBackoff ?? TimeSpan.FromSeconds(10);
        MaxInUnschedulable = maxInUnschedulable ?? TimeSpan.FromMinutes(5);
    }

    public TimeSpan InitialBackoff { get; }

    public TimeSpan MaxBackoff { get; }

    public TimeSpan MaxInUnschedulable { get; }

    public long SchedulingCycle
    {
        get
        {
            lock (_lock)
            {
                return _schedulingCycle;
            }
        }
    }

    /// <summary>Counts per place, for tests and metrics.</summary>
    public (int Active, int Backoff, int Unschedulable, int InFlight) Counts()
    {
        lock (_lock)
        {
            int a = 0, b = 0, u = 0, f = 0;
            foreach (var p in _pods.Values)
            {
                switch (p.Location)
                {
                    case QueueName.Active: a++; break;
                    case QueueName.Backoff: b++; break;
                    case QueueName.Unschedulable: u++; break;
                    case QueueName.InFlight: f++; break;
                }
            }

            return (a, b, u, f);
        }
    }

    /// <summary>Where a pod is: "active", "backoff", "unschedulable", "inflight", or null.</summary>
    public string? LocationOf(string podKey)
    {
        lock (_lock)
        {
            return _pods.TryGetValue(podKey, out var p) ? p.Location.ToString().ToLowerInvariant() : null;
        }
    }

    /// <summary>
    /// Pending pods nominated to a node (status.nominatedNodeName, or nominated by this scheduler's
    /// preemption before the API echoes it), by node; empty when there are none.
    /// </summary>
    public Dictionary<string, List<PodInfo>> NominatedPodsByNode()
    {
        lock (_lock)
        {
            var result = new Dictionary<string, List<PodInfo>>(StringComparer.Ordinal);
            foreach (var q in _nominated)
            {
                var node = NominatedNode(q);
                if (!string.IsNullOrEmpty(node))
                {
                    if (!result.TryGetValue(node, out var list))
                    {
                        list = [];
                        result[node] = list;
                    }

                    list.Add(q.Pod);
                }
            }

            return result;
        }
    }

    /// <summary>Records that preemption nominated the pod to a node ("" clears it).</summary>
    public void Nominate(string podKey, string nodeName)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(podKey, out var q))
            {
                q.NominatedNodeName = nodeName;
                TrackNomination(q);
            }
        }
    }

    /// <summary>A new pending pod.</summary>
    public void Add(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Key, out var existing))
            {
                existing.Pod = pod;
                TrackNomination(existing);
                return;
            }

            var q = new QueuedPodInfo(pod, _time.GetUtcNow());
            _pods[pod.Key] = q;
            MoveToActiveOrGated(q);
        }
    }

    /// <summary>
    /// The pending pod changed. An unschedulable pod is retried (its update may be what it needed);
    /// a gated one is re-checked against its gates.
    /// </summary>
    public void Update(PodInfo pod)
    {
        lock (_lock)
        {
            if (!_pods.TryGetValue(pod.Key, out var q))
            {
                Add(pod);
                return;
            }

            var relevant = SpecOrLabelsChanged(q.Pod.Pod, pod.Pod);
            q.Pod = pod;
            TrackNomination(q);
            if (!relevant)
            {
                // Status-only updates (such as our own condition write) change nothing for scheduling.
                return;
            }

            switch (q.Location)
            {
                case QueueName.Active:
                    PushActive(q);
                    break;
                case QueueName.Unschedulable:
                    if (q.Gated)
                    {
                        MoveToActiveOrGated(q);
                    }
                    else
                    {
                        MoveToActiveOrBackoff(q);
                    }

                    break;
            }
        }
    }

    public void Delete(string podKey)
    {
        lock (_lock)
        {
            if (_pods.Remove(podKey, out var q))
            {
                q.Version++;
                SetLocation(q, QueueName.None);
            }
        }
    }

    /// <summary>The next pod to schedule, or null when none is ready; it stays tracked as in flight until Done or requeued.</summary>
    public QueuedPodInfo? TryPop()
    {
        lock (_lock)
        {
            FlushBackoffCompleted();
            while (_active.TryDequeue(out var entry, out _))
            {
                var (q, version) = entry;
                if (q.Version != version || q.Location != QueueName.Active)
                {
                    continue;
                }

                SetLocation(q, QueueName.InFlight);
                q.Attempts++;
                q.PoppedInCycle = ++_schedulingCycle;
                return q;
            }

            return null;
        }
    }

    /// <summary>Waits for the next pod; checks the backoff and unschedulable pods at least every second.</summary>
    public async Task<QueuedPodInfo> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryPop() is { } q)
            {
                return q;
            }

            await _signal.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            FlushUnschedulableLeftover();
        }
    }

    /// <summary>The pod was bound (or given up on): forget it.</summary>
    public void Done(string podKey)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(podKey, out var q) && q.Location == QueueName.InFlight)
            {
                _pods.Remove(podKey);
                SetLocation(q, QueueName.None);
            }
        }
    }

    /// <summary>
    /// The attempt failed as unschedulable: park the pod until an event its rejecting plugins care
    /// about. If such an event arrived while it was being scheduled, it goes to backoff instead.
    /// </summary>
    public void AddUnschedulable(QueuedPodInfo q, IEnumerable<string> rejectingPlugins)
    {
        lock (_lock)
        {
            if (!IsTracked(q))
            {
                return;
            }

            q.UnschedulablePlugins.Clear();
            q.UnschedulablePlugins.UnionWith(rejectingPlugins);
            q.Timestamp = _time.GetUtcNow();
            if (_moveRequestCycle >= q.PoppedInCycle)
            {
                PushBackoff(q);
            }
            else
            {
                SetLocation(q, QueueName.Unschedulable);
                q.Version++;
            }
        }
    }

    /// <summary>The attempt failed with an error: retry after backoff.</summary>
    public void AddBackoff(QueuedPodInfo q)
    {
        lock (_lock)
        {
            if (!IsTracked(q))
            {
                return;
            }

            q.UnschedulablePlugins.Clear();
            q.Timestamp = _time.GetUtcNow();
            PushBackoff(q);
        }
    }

    /// <summary>A cluster event: unschedulable pods that a rejecting plugin registered it for move on.</summary>
    public void OnClusterEvent(ClusterEvent e)
    {
        lock (_lock)
        {
            _moveRequestCycle = _schedulingCycle;
            foreach (var q in _unschedulable.Where(p => !p.Gated).ToList())
            {
                if (Interested(q, e))
                {
                    MoveToActiveOrBackoff(q);
                }
            }
        }
    }

    /// <summary>Moves every unschedulable pod on (what upstream does on a wildcard event).</summary>
    public void MoveAllToActiveOrBackoff()
    {
        lock (_lock)
        {
            _moveRequestCycle = _schedulingCycle;
            foreach (var q in _unschedulable.Where(p => !p.Gated).ToList())
            {
                MoveToActiveOrBackoff(q);
            }
        }
    }

    /// <summary>Pods unschedulable for longer than 5 minutes are retried regardless of events.</summary>
    public void FlushUnschedulableLeftover()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var q in _pods.Values.Where(p => p.Location == QueueName.Unschedulable && !p.Gated && now - p.Timestamp > MaxInUnschedulable).ToList())
            {
                MoveToActiveOrBackoff(q);
            }
        }
    }

    /// <summary>How long the pod backs off after its attempts so far: 1s, 2s, 4s, 8s, 10s, 10s…</summary>
    public TimeSpan BackoffDuration(QueuedPodInfo q)
    {
        var d = InitialBackoff;
        for (var i = 1; i < q.Attempts; i++)
        {
            d += d;
            if (d > MaxBackoff)
            {
                return MaxBackoff;
            }
        }

        return d;
    }

    private bool Interested(QueuedPodInfo q, ClusterEvent e)
    {
        // A pod no plugin rejected (e.g. an error) moves on any event.
        if (q.UnschedulablePlugins.Count == 0)
        {
            return true;
        }

        foreach (var plugin in q.UnschedulablePlugins)
        {
            if (_registrations.TryGetValue(plugin, out var events) && events.Any(r => r.Covers(e)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SpecOrLabelsChanged(k8s.Models.V1Pod before, k8s.Models.V1Pod after) =>
        ReferenceEquals(before, after)
        || Json(before.Spec) != Json(after.Spec)
        || Json(before.Metadata?.Labels) != Json(after.Metadata?.Labels)
        || Json(before.Metadata?.Annotations) != Json(after.Metadata?.Annotations);

    private static string Json(object? value) => value is null ? "" : k8s.KubernetesJson.Serialize(value);

    private static string? NominatedNode(QueuedPodInfo q) =>
        q.Pod.Pod.Status?.NominatedNodeName is { Length: > 0 } fromApi ? fromApi : q.NominatedNodeName;

    private void TrackNomination(QueuedPodInfo q)
    {
        if (q.Location != QueueName.None && !string.IsNullOrEmpty(NominatedNode(q)))
        {
            _nominated.Add(q);
        }
        else
        {
            _nominated.Remove(q);
        }
    }

    private void SetLocation(QueuedPodInfo q, QueueName location)
    {
        q.Location = location;
        if (location == QueueName.Unschedulable)
        {
            _unschedulable.Add(q);
        }
        else
        {
            _unschedulable.Remove(q);
        }

        TrackNomination(q);
    }

    private bool IsTracked(QueuedPodInfo q) => _pods.TryGetValue(q.Pod.Key, out var current) && ReferenceEquals(current, q);

    private void MoveToActiveOrGated(QueuedPodInfo q)
    {
        var s = _preEnqueue(q.Pod);
        if (s.IsSuccess)
        {
            q.Gated = false;
            PushActive(q);
        }
        else
        {
            q.Gated = true;
            q.UnschedulablePlugins.Clear();
            if (s.Plugin is not null)
            {
                q.UnschedulablePlugins.Add(s.Plugin);
            }

            SetLocation(q, QueueName.Unschedulable);
            q.Version++;
        }
    }

    private void MoveToActiveOrBackoff(QueuedPodInfo q)
    {
        if (q.Attempts > 0 && _time.GetUtcNow() < q.Timestamp + BackoffDuration(q))
        {
            PushBackoff(q);
        }
        else
        {
            PushActive(q);
        }
    }

    private void PushActive(QueuedPodInfo q)
    {
        SetLocation(q, QueueName.Active);
        q.Version++;
        _active.Enqueue((q, q.Version), (-q.Pod.Priority, q.Timestamp.UtcTicks, _seq++));
        _signal.Release();
    }

    private void PushBackoff(QueuedPodInfo q)
    {
        SetLocation(q, QueueName.Backoff);
        q.Version++;
        _backoff.Enqueue((q, q.Version), (q.Timestamp + BackoffDuration(q)).UtcTicks);
    }

    private void FlushBackoffCompleted()
    {
        var now = _time.GetUtcNow().UtcTicks;
        while (_backoff.TryPeek(out var entry, out var expiry) && expiry <= now)
        {
            _backoff.Dequeue();
            var (q, version) = entry;
            if (q.Version == version && q.Location == QueueName.Backoff)
            {
                PushActive(q);
            }
        }
    }
}
