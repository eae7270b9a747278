using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>What the garbage collector remembers of one object: who it is, who owns it, and how it is being deleted.</summary>
/// <param name="Revision">the resourceVersion it was seen at; older sightings never replace newer ones.</param>
public sealed record GarbageCollectorNode(
    ResourceDefinition Definition,
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

    public static GarbageCollectorNode From(ResourceDefinition definition, JsonObject obj)
    {
        var orphan = false;
        var foreground = false;
        foreach (var f in ObjectJson.Finalizers(obj) ?? [])
        {
            var name = f is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            orphan |= name == OrphanFinalizerName;
            foreground |= name == ForegroundFinalizerName;
        }
        var rv = ObjectJson.ResourceVersion(obj);
        return new GarbageCollectorNode(
            definition,
            definition.Namespaced ? ObjectJson.Namespace(obj) : "",
            ObjectJson.Name(obj),
            ObjectJson.Uid(obj) ?? "",
            long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0,
            OwnerReference.Of(obj),
            ObjectJson.IsDeleting(obj),
            orphan,
            foreground);
    }

    /// <summary>
    /// Whether <paramref name="owner"/> can own this object: a namespaced owner only in the same
    /// namespace, a cluster-scoped owner anywhere. Anything else is a reference to an absent owner.
    /// </summary>
    public bool CanBeOwnedBy(GarbageCollectorNode owner) =>
        !owner.Definition.Namespaced || (Definition.Namespaced && owner.Namespace == Namespace);

    /// <summary>Whether <paramref name="owner"/> is the object <paramref name="reference"/> names (kind, group, name, scope).</summary>
    public bool Matches(OwnerReference reference, GarbageCollectorNode owner) =>
        owner.Uid == reference.Uid
        && owner.Name == reference.Name
        && owner.Definition.Kind == reference.Kind
        && owner.Definition.Group == reference.Group
        && CanBeOwnedBy(owner);

    public override string ToString()
    {
        var resource = Definition.Group.Length > 0 ? $"{Definition.Plural}.{Definition.Group}" : Definition.Plural;
        return Namespace.Length > 0 ? $"{resource} {Namespace}/{Name} ({Uid})" : $"{resource} {Name} ({Uid})";
    }
}
