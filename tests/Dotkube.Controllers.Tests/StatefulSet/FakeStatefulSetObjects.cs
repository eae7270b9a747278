using Dotkube.Client;
using Dotkube.Controllers.StatefulSet;
using k8s.Models;

namespace Dotkube.Controllers.Tests.StatefulSet;

/// <summary>The API as a StatefulSet sync sees it, in memory: writes change the maps and are logged in order.</summary>
internal sealed class FakeStatefulSetObjects(TimeProvider clock) : IStatefulSetObjects
{
    private int uid;

    public Dictionary<string, V1Pod> Pods { get; } = [];

    public Dictionary<string, V1PersistentVolumeClaim> Claims { get; } = [];

    public Dictionary<string, V1ControllerRevision> Revisions { get; } = [];

    public List<string> Log { get; } = [];

    public List<string> Events { get; } = [];

    public V1StatefulSetStatus? Status { get; private set; }

    public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (Pods.ContainsKey(pod.Metadata.Name))
        {
            throw AlreadyExists(pod.Metadata.Name);
        }
        pod.Metadata.Uid = $"pod-uid-{++uid}";
        pod.Metadata.CreationTimestamp = clock.GetUtcNow().UtcDateTime;
        pod.Status = new V1PodStatus { Phase = "Pending" };
        Pods[pod.Metadata.Name] = pod;
        Log.Add($"create pod {pod.Metadata.Name}");
        return Task.CompletedTask;
    }

    public Task UpdatePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        Pods[pod.Metadata.Name] = pod;
        Log.Add($"update pod {pod.Metadata.Name}");
        return Task.CompletedTask;
    }

    public Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (!Pods.Remove(pod.Metadata.Name))
        {
            throw new KubeApiException(new V1Status { Code = 404, Reason = "NotFound", Message = "not found" });
        }
        Log.Add($"delete pod {pod.Metadata.Name}");
        return Task.CompletedTask;
    }

    public V1PersistentVolumeClaim? GetClaim(string ns, string name) => Claims.GetValueOrDefault(name);

    public Task CreateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        claim.Metadata.Uid = $"claim-uid-{++uid}";
        Claims[claim.Metadata.Name] = claim;
        Log.Add($"create claim {claim.Metadata.Name}");
        return Task.CompletedTask;
    }

    public Task UpdateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        Claims[claim.Metadata.Name] = claim;
        Log.Add($"update claim {claim.Metadata.Name}");
        return Task.CompletedTask;
    }

    public Task UpdateStatusAsync(V1StatefulSet set, V1StatefulSetStatus status, CancellationToken cancellationToken)
    {
        Status = status;
        return Task.CompletedTask;
    }

    public void Record(V1StatefulSet set, string type, string reason, string message) => Events.Add($"{type} {reason} {message}");

    public Task<V1ControllerRevision> CreateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        if (Revisions.ContainsKey(revision.Metadata.Name))
        {
            throw AlreadyExists(revision.Metadata.Name);
        }
        revision.Metadata.CreationTimestamp = clock.GetUtcNow().UtcDateTime;
        Revisions[revision.Metadata.Name] = revision;
        Log.Add($"create revision {revision.Revision}");
        return Task.FromResult(revision);
    }

    public Task<V1ControllerRevision?> GetRevisionAsync(string ns, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Revisions.GetValueOrDefault(name));

    public Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        Revisions[revision.Metadata.Name] = revision;
        Log.Add($"renumber revision {revision.Metadata.Name} to {revision.Revision}");
        return Task.FromResult(revision);
    }

    public Task DeleteRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        Revisions.Remove(revision.Metadata.Name);
        Log.Add($"delete revision {revision.Revision}");
        return Task.CompletedTask;
    }

    private static KubeApiException AlreadyExists(string name) =>
        new(new V1Status { Code = 409, Reason = "AlreadyExists", Message = $"\"{name}\" already exists" });
}
