using Dotkube.Client;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.DaemonSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.DaemonSet;

/// <summary>The API as a DaemonSet sync sees it, in memory: writes change the maps and are logged in order.</summary>
internal sealed class FakeDaemonSetObjects(TimeProvider clock) : IDaemonSetObjects
{
    private int next;

    public Dictionary<string, V1Pod> Pods { get; } = [];

    public Dictionary<string, V1ControllerRevision> Revisions { get; } = [];

    public List<string> Log { get; } = [];

    public List<string> Events { get; } = [];

    public V1DaemonSetStatus? Status { get; private set; }

    public Task<V1Pod> CreatePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        next++;
        pod.Metadata.Name = $"{pod.Metadata.GenerateName}{next}";
        pod.Metadata.Uid = $"uid-{next}";
        pod.Metadata.CreationTimestamp = clock.GetUtcNow().UtcDateTime.AddSeconds(next);
        pod.Status = new V1PodStatus { Phase = "Pending" };
        Pods[pod.Metadata.Name] = pod;
        Log.Add($"create for {DaemonPods.TargetNode(pod)}");
        return Task.FromResult(pod);
    }

    public Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        Pods.Remove(pod.Metadata.Name);
        Log.Add($"delete on {DaemonPods.TargetNode(pod)}");
        return Task.CompletedTask;
    }

    public Task<V1Pod> RelabelPodAsync(V1Pod pod, string hash, CancellationToken cancellationToken)
    {
        var patched = ObjectCopy.Of(pod);
        patched.Metadata.Labels[DaemonPods.RevisionHashLabel] = hash;
        Pods[pod.Metadata.Name] = patched;
        Log.Add($"relabel on {DaemonPods.TargetNode(pod)} to {hash}");
        return Task.FromResult(patched);
    }

    public Task UpdateStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status, CancellationToken cancellationToken)
    {
        Status = status;
        return Task.CompletedTask;
    }

    public Task SetCollisionCountAsync(V1DaemonSet ds, int collisionCount, CancellationToken cancellationToken)
    {
        ds.Status ??= new V1DaemonSetStatus();
        ds.Status.CollisionCount = collisionCount;
        return Task.CompletedTask;
    }

    public void Record(V1DaemonSet ds, string type, string reason, string message) => Events.Add($"{type} {reason} {message}");

    public Task<V1ControllerRevision> CreateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        if (Revisions.ContainsKey(revision.Metadata.Name))
        {
            throw new KubeApiException(new V1Status { Code = 409, Reason = "AlreadyExists", Message = "exists" });
        }
        Revisions[revision.Metadata.Name] = revision;
        return Task.FromResult(revision);
    }

    public Task<V1ControllerRevision?> GetRevisionAsync(string ns, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Revisions.GetValueOrDefault(name));

    public Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        Revisions[revision.Metadata.Name] = revision;
        return Task.FromResult(revision);
    }

    public Task DeleteRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        Revisions.Remove(revision.Metadata.Name);
        return Task.CompletedTask;
    }
}
