using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Registry;

/// <summary>Options every write carries.</summary>
/// <param name="DryRun">validate and admit, but persist nothing (dryRun=All).</param>
/// <param name="SkipValidation">
/// only for the server's own writes that upstream also makes below validation (the `kubernetes`
/// Endpoints, whose loopback address validation refuses); never set from a request.
/// </param>
/// <param name="FieldManager">
/// who writes, for metadata.managedFields (the fieldManager parameter, else the user agent's
/// prefix); null for the server's own writes, which leave managedFields as they are.
/// </param>
public sealed record WriteOptions(UserInfo User, bool DryRun = false, string? FieldManager = null, bool SkipValidation = false)
{
    public static WriteOptions Internal { get; } = new(UserInfo.ApiServer);

    /// <summary>The group/version the request used, recorded in managedFields (default: the storage version).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The subresource written through ("scale"), when the update target does not say it.</summary>
    public string Subresource { get; init; } = "";

    /// <summary>Set when the caller already computed managedFields (server-side apply): the store leaves them.</summary>
    public bool ManagedFieldsDone { get; init; }
}

/// <summary>Which strategy path an update takes.</summary>
public enum UpdateTarget
{
    /// <summary>The main resource: status is kept, the strategy validates the update.</summary>
    Main,

    /// <summary>The /status subresource: only status changes.</summary>
    Status,

    /// <summary>
    /// A subresource with rules of its own (pods/binding, namespaces/finalize): the caller's
    /// mutation is the whole change, so strategy preparation and update validation are skipped.
    /// </summary>
    Subresource,
}

/// <summary>DeleteOptions as the API receives them.</summary>
public sealed record DeleteRequest(
    long? GracePeriodSeconds = null,
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool? OrphanDependents = null);

/// <summary>The object after a delete, and whether it is gone or only marked (finalizers, grace period).</summary>
public sealed record DeleteResult(JsonObject Object, bool DeletedImmediately);

/// <summary>A page of a list, in the storage version.</summary>
public sealed record ListPage(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount)
{
    /// <summary>
    /// True when the items are the watch cache's own objects (from <see cref="GenericStore.ListSharedAsync"/>):
    /// the caller must not change them, nor attach them to another JSON tree.
    /// </summary>
    public bool Shared { get; init; }
}

/// <summary>One change to a stored object, in the storage version.</summary>
/// <param name="Type">ADDED, MODIFIED or DELETED.</param>
public sealed record ObjectEvent(string Type, JsonObject Object, JsonObject? Previous, long Revision);

/// <summary>Filtering, paging and the resourceVersion semantics of a list.</summary>
/// <param name="Revision">resourceVersionMatch=Exact: the state at exactly this revision (always from storage).</param>
/// <param name="MinRevision">resourceVersion=N (NotOlderThan): any state at N or newer.</param>
/// <param name="AnyRevision">resourceVersion="0": any state, the watch cache's as it is (and then the limit is ignored, as upstream's).</param>
/// <remarks>With none of the three set, the list is consistent: the state at the store's current revision.</remarks>
public sealed record ListQuery(
    Func<JsonObject, bool>? Filter = null,
    int Limit = 0,
    string? Continue = null,
    long Revision = 0,
    long MinRevision = 0,
    bool AnyRevision = false);
