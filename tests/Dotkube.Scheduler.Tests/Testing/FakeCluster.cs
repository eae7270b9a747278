using System.Collections.Concurrent;
using k8s.Models;

namespace Dotkube.Scheduler.Tests.Testing;

/// <summary>
/// An in-memory API for the scheduler's outputs: binding sets spec.nodeName and feeds the update
/// back (as the informer would), failures and events are recorded, preemption deletes victims.
/// </summary>
public sealed class FakeCluster : IPodBinder, ISchedulingResultSink, IPodPreemptor
{
    public FakeCluster(FakeTimeProvider? time = null, int seed = 1, int parallelism = 2)
    {
        Time = time ?? new FakeTimeProvider();
        Scheduler = new Scheduler(new SchedulerOptions
        {
            Binder = this,
            Sink = this,
            Preemptor = this,
            Time = Time,
            Random = new Random(seed),
            Parallelism = parallelism,
        });
    }

    public Scheduler Scheduler { get; }

    public FakeTimeProvider Time { get; }

    public ConcurrentDictionary<string, V1Pod> Pods { get; } = new();

    public ConcurrentQueue<(string Pod, string Reason, string Message)> Events { get; } = new();

    public ConcurrentDictionary<string, SchedulingFailure> LastFailure { get; } = new();

    public List<string> Preempted { get; } = [];

    /// <summary>When set, binding throws this message.</summary>
    public string? BindError { get; set; }

    public void AddNode(V1Node node) => Scheduler.OnNodeAdd(node);

    public void AddPod(V1Pod pod)
    {
        Pods[Key(pod)] = pod;
        Scheduler.OnPodAdd(pod);
    }

    public void DeletePod(string key)
    {
        if (Pods.TryRemove(key, out var pod))
        {
            Scheduler.OnPodDelete(pod);
        }
    }

    public string? NodeOf(string name, string ns = "default") =>
        Pods.TryGetValue(ns + "/" + name, out var p) ? p.Spec.NodeName : null;

    public Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        if (BindError is not null)
        {
            throw new InvalidOperationException(BindError);
        }

        var old = Pods[Key(pod)];
        var bound = Copy(old);
        bound.Spec.NodeName = nodeName;
        Pods[Key(pod)] = bound;
        Scheduler.OnPodUpdate(old, bound);
        return Task.CompletedTask;
    }

    public Task ScheduledAsync(V1Pod pod, string nodeName, string message, CancellationToken cancellationToken)
    {
        Events.Enqueue((Key(pod), "Scheduled", message));
        return Task.CompletedTask;
    }

    public Task FailedAsync(V1Pod pod, SchedulingFailure failure, CancellationToken cancellationToken)
    {
        Events.Enqueue((Key(pod), "FailedScheduling", failure.Message));
        LastFailure[Key(pod)] = failure;
        if (failure.NominatedNodeName is not null && Pods.TryGetValue(Key(pod), out var old))
        {
            var updated = Copy(old);
            updated.Status.NominatedNodeName = failure.NominatedNodeName;
            Pods[Key(pod)] = updated;
            Scheduler.OnPodUpdate(old, updated);
        }

        return Task.CompletedTask;
    }

    public Task PreemptAsync(V1Pod victim, V1Pod preemptor, string nodeName, CancellationToken cancellationToken)
    {
        lock (Preempted)
        {
            Preempted.Add(Key(victim));
        }

        DeletePod(Key(victim));
        return Task.CompletedTask;
    }

    public string? MessageFor(string name, string ns = "default") =>
        LastFailure.TryGetValue(ns + "/" + name, out var f) ? f.Message : null;

    private static string Key(V1Pod pod) => pod.Metadata.NamespaceProperty + "/" + pod.Metadata.Name;

    private static V1Pod Copy(V1Pod pod) =>
        k8s.KubernetesJson.Deserialize<V1Pod>(k8s.KubernetesJson.Serialize(pod));
}
