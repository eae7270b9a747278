using System.Globalization;
using Dotkube.Client;

namespace Dotkube.Controllers.GarbageCollector;

/// <summary>What the garbage collector remembers of one object: who it is, who owns it, and how it is being deleted.</summary>
/// <param name="Revision">the resourceVersion it was seen at; older sightings never replace newer ones.</param>
public sealed record GarbageCollectorNode(
    ResourceType Resource,
    string Namespace,
    string Name,
    string Uid,
    long Revision,
    IReadOnlyList<OwnerReference> Owners,
    bool Deleting,
    bool OrphanFinalizer,
    bool ForegroundFinalizer)
{
    /// <summary>Deleted with propagationPolicy=Orphan: its dependents lose their reference to it before it goes.</summary>
    public const string OrphanFinalizerName = "orphan";

    /// <summary>Deleted with propagationPolicy=Foreground: it stays until its blocking dependents are gone.</summary>
    public const string ForegroundFinalizerName = "foregroundDeletion";

    public bool IsOrphaning => Deleting && OrphanFinalizer;

    public bool IsDeletingDependents => Deleting && ForegroundFinalizer;

    /// <summary>The resource's identity across versions: one watch and one graph partition per group and resource.</summary>
    public string ResourceKey => Key(Resource);

    public static string Key(ResourceType resource) => $"{resource.Plural}.{resource.Group}";

    public static GarbageCollectorNode From(ResourceType resource, PartialObjectMetadata obj)
    {
        var meta = obj.Metadata;
        var finalizers = meta.Finalizers ?? [];
        return new GarbageCollectorNode(
            resource,
            resource.Namespaced ? meta.NamespaceProperty ?? "" : "",
            meta.Name ?? "",
            meta.Uid ?? "",
            long.TryParse(meta.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0,
            OwnerReference.Of(meta),
            meta.DeletionTimestamp is not null,
            finalizers.Contains(OrphanFinalizerName),
            finalizers.Contains(ForegroundFinalizerName));
    }

    /// <summary>
    /// Whether <paramref name="owner"/> can own this object: a namespaced owner only in the same
    /// namespace, a cluster-scoped owner anywhere. Anything else is a reference to an absent owner.
    /// </summary>
    public bool CanBeOwnedBy(GarbageCollectorNode owner) =>
        !owner.Resource.Namespaced || (Resource.Namespaced && owner.Namespace == Namespace);

    /// <summary>Whether <paramref name="owner"/> is the object <paramref name="reference"/> names (kind, group, name, scope).</summary>
    public bool Matches(OwnerReference reference, GarbageCollectorNode owner) =>
        owner.Uid == reference.Uid
        && owner.Name == reference.Name
        && owner.Resource.Kind == reference.Kind
        && owner.Resource.Group == reference.Group
        && CanBeOwnedBy(owner);

    public override string ToString() =>
        Namespace.Length > 0 ? $"{Resource} {Namespace}/{Name} ({Uid})" : $"{Resource} {Name} ({Uid})";
}
