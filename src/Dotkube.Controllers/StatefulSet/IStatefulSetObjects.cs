using Dotkube.Controllers.History;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>
/// What the StatefulSet control reads and writes besides its inputs (upstream's
/// StatefulPodControlObjectManager plus the status updater): a seam so tests run the control
/// against memory. Writes throw KubeApiException as the API does.
/// </summary>
public interface IStatefulSetObjects : IRevisionWriter
{
    Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken);

    Task UpdatePodAsync(V1Pod pod, CancellationToken cancellationToken);

    Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken);

    /// <summary>The claim as the informer has it, or null.</summary>
    V1PersistentVolumeClaim? GetClaim(string ns, string name);

    Task CreateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken);

    Task UpdateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken);

    Task UpdateStatusAsync(V1StatefulSet set, V1StatefulSetStatus status, CancellationToken cancellationToken);

    /// <summary>Records an Event about the set.</summary>
    void Record(V1StatefulSet set, string type, string reason, string message);
}
