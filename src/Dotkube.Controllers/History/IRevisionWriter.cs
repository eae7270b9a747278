using k8s.Models;

namespace Dotkube.Controllers.History;

/// <summary>The ControllerRevision writes a controller's history needs (a seam so tests can fake the API).</summary>
public interface IRevisionWriter
{
    /// <summary>Creates the revision; a KubeApiException with AlreadyExists when the name is taken.</summary>
    Task<V1ControllerRevision> CreateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken);

    Task<V1ControllerRevision?> GetRevisionAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="revision"/> with a new revision number.</summary>
    Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken);

    Task DeleteRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken);
}
