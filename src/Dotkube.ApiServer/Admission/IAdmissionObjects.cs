using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// What admission plugins read (and, for NamespaceAutoProvision, create) besides the object under
/// admission: LimitRanges, StorageClasses, PriorityClasses and the like, in their storage version.
/// Upstream plugins read these from informers; here they come straight from the registry's stores.
/// </summary>
public interface IAdmissionObjects
{
    /// <summary>One object, or null when it does not exist (or the resource is not served).</summary>
    Task<JsonObject?> GetAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken);

    /// <summary>All objects of a resource in a namespace ("" for cluster-scoped or all).</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(string group, string plural, string ns, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="GetAsync"/>, for a caller that only reads the object: it may be shared with
    /// other requests and must not be changed (nor its nodes put into another object).
    /// </summary>
    Task<JsonObject?> GetReadOnlyAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken) =>
        GetAsync(group, plural, ns, name, cancellationToken);

    /// <summary>As <see cref="ListAsync"/>, for a caller that only reads the objects (see <see cref="GetReadOnlyAsync"/>).</summary>
    Task<IReadOnlyList<JsonObject>> ListReadOnlyAsync(string group, string plural, string ns, CancellationToken cancellationToken) =>
        ListAsync(group, plural, ns, cancellationToken);

    /// <summary>Creates an object as the API server itself; an existing one is left alone.</summary>
    Task CreateAsync(string group, string plural, string ns, JsonObject obj, CancellationToken cancellationToken);
}
