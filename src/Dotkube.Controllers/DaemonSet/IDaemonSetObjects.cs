using Dotkube.Controllers.History;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

/// <summary>The DaemonSet control's writes (a seam so tests run it against memory). Writes throw KubeApiException as the API does.</summary>
public interface IDaemonSetObjects : IRevisionWriter
{
    /// <summary>Creates the pod; returns it as created (with its generated name).</summary>
    Task<V1Pod> CreatePodAsync(V1Pod pod, CancellationToken cancellationToken);

    Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken);

    /// <summary>Sets the pod's controller-revision-hash label (a patch); returns the pod as patched.</summary>
    Task<V1Pod> RelabelPodAsync(V1Pod pod, string hash, CancellationToken cancellationToken);

    Task UpdateStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status, CancellationToken cancellationToken);

    /// <summary>Raises the collision count in the status (a revision name was taken by other data).</summary>
    Task SetCollisionCountAsync(V1DaemonSet ds, int collisionCount, CancellationToken cancellationToken);

    void Record(V1DaemonSet ds, string type, string reason, string message);
}
