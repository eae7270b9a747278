using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// The collector's writes, all through the generic store as system:apiserver and all guarded by
/// the object's uid, so an object deleted and recreated under the same name is never touched.
/// </summary>
public sealed partial class GarbageCollector
{
    /// <summary>Removes the references to <paramref name="ownerUids"/> from a dependent.</summary>
    /// <returns>true when a reference was removed; false when there was none or the object is gone.</returns>
    private async Task<bool> RemoveOwnerReferencesAsync(GarbageCollectorNode dependent, IReadOnlyCollection<string> ownerUids, CancellationToken ct)
    {
        var updated = await UpdateIfPresentAsync(dependent, current =>
        {
            if (current["metadata"]?["ownerReferences"] is not JsonArray refs)
            {
                return false;
            }
            var kept = new JsonArray();
            foreach (var r in refs)
            {
                if (!(r is JsonObject o && ObjectJson.GetString(o, "uid") is { } uid && ownerUids.Contains(uid)))
                {
                    kept.Add(r?.DeepClone());
                }
            }
            if (kept.Count == refs.Count)
            {
                return false;
            }
            var meta = ObjectJson.Metadata(current);
            if (kept.Count == 0)
            {
                // As upstream's merge patch leaves it: an empty list is not stored.
                meta.Remove("ownerReferences");
            }
            else
            {
                meta["ownerReferences"] = kept;
            }
            return true;
        }, ct);
        return updated is not null;
    }

    /// <summary>Sets blockOwnerDeletion=false on every reference of the object that has it true.</summary>
    /// <returns>the new resourceVersion, or null when nothing changed.</returns>
    private async Task<long?> UnblockOwnerReferencesAsync(GarbageCollectorNode item, CancellationToken ct)
    {
        var updated = await UpdateIfPresentAsync(item, current =>
        {
            var changed = false;
            if (current["metadata"]?["ownerReferences"] is JsonArray refs)
            {
                foreach (var r in refs.OfType<JsonObject>())
                {
                    if (r["blockOwnerDeletion"] is JsonValue v && v.TryGetValue<bool>(out var block) && block)
                    {
                        r["blockOwnerDeletion"] = false;
                        changed = true;
                    }
                }
            }
            return changed;
        }, ct);
        return updated is null ? null : long.Parse(ObjectJson.ResourceVersion(updated) ?? "0", CultureInfo.InvariantCulture);
    }

    /// <summary>Removes one finalizer; the store completes the deletion when it was the last.</summary>
    private Task RemoveFinalizerAsync(GarbageCollectorNode owner, string finalizer, CancellationToken ct) =>
        UpdateIfPresentAsync(owner, current =>
        {
            if (ObjectJson.Finalizers(current) is not { } finalizers)
            {
                return false;
            }
            var kept = new JsonArray();
            foreach (var f in finalizers)
            {
                if (!(f is JsonValue v && v.TryGetValue<string>(out var name) && name == finalizer))
                {
                    kept.Add(f?.DeepClone());
                }
            }
            if (kept.Count == finalizers.Count)
            {
                return false;
            }
            var meta = ObjectJson.Metadata(current);
            if (kept.Count == 0)
            {
                meta.Remove("finalizers");
            }
            else
            {
                meta["finalizers"] = kept;
            }
            return true;
        }, ct);

    /// <summary>
    /// Applies <paramref name="change"/> (which says whether it changed anything) to the newest
    /// stored object, retrying on conflicts; nothing is written when the object is gone, is another
    /// object by now, or needs no change.
    /// </summary>
    /// <returns>the stored object after a write, or null when nothing was written.</returns>
    private async Task<JsonObject?> UpdateIfPresentAsync(GarbageCollectorNode node, Func<JsonObject, bool> change, CancellationToken ct)
    {
        var store = stores.For(node.Definition);
        var current = await store.TryGetAsync(node.Namespace, node.Name, ct);
        if (current is null || ObjectJson.Uid(current) != node.Uid || !change((JsonObject)current.DeepClone()))
        {
            return null;
        }
        try
        {
            var wrote = false;
            var result = await store.UpdateAsync(node.Namespace, node.Name, latest =>
            {
                wrote = ObjectJson.Uid(latest) == node.Uid && change(latest);
                // No resourceVersion precondition: a conflict re-reads and re-applies the change.
                ObjectJson.Metadata(latest).Remove("resourceVersion");
                return latest;
            }, UpdateTarget.Main, WriteOptions.Internal, ct);
            return wrote ? result : null;
        }
        catch (StatusException e) when (e.Code == 404)
        {
            // Deleted meanwhile: there is nothing left to change.
            return null;
        }
    }

    /// <summary>Deletes the object if it is still this uid at this revision (it may have gained an owner since).</summary>
    /// <returns>true when done (deleted, or already gone); false to look again.</returns>
    private async Task<bool> DeleteAsync(GarbageCollectorNode item, long revision, string propagationPolicy, CancellationToken ct)
    {
        try
        {
            var request = new DeleteRequest(
                PropagationPolicy: propagationPolicy,
                PreconditionUid: item.Uid,
                PreconditionResourceVersion: revision.ToString(CultureInfo.InvariantCulture));
            await stores.For(item.Definition).DeleteAsync(item.Namespace, item.Name, request, WriteOptions.Internal, ct);
            logger.LogInformation("garbage collector: deleting {Object} (propagation {Policy})", item, propagationPolicy);
            return true;
        }
        catch (StatusException e) when (e.Code == 404)
        {
            ForgetGone(item.Uid);
            return true;
        }
        catch (StatusException e) when (e.Code == 409)
        {
            // Changed since it was read (a new owner reference?): decide again on the newest object.
            return false;
        }
    }
}
