using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.GarbageCollector;

/// <summary>
/// The collector's writes: JSON merge patches of metadata guarded by the resourceVersion they
/// were computed from (a conflict re-reads and tries again), and deletes guarded by uid and
/// resourceVersion, so an object deleted and recreated under the same name is never touched.
/// </summary>
public sealed partial class GarbageCollector
{
    private const int ConflictRetries = 5;

    /// <summary>Removes the references to <paramref name="ownerUids"/> from a dependent.</summary>
    /// <returns>true when a reference was removed; false when there was none or the object is gone.</returns>
    private async Task<bool> RemoveOwnerReferencesAsync(GarbageCollectorNode dependent, IReadOnlyCollection<string> ownerUids, CancellationToken ct)
    {
        var updated = await PatchIfPresentAsync(dependent, current =>
        {
            var refs = current.Metadata.OwnerReferences ?? [];
            var kept = refs.Where(r => !ownerUids.Contains(r.Uid)).ToList();
            // As upstream's patch leaves it: an empty list is not stored.
            return kept.Count == refs.Count ? null : new JsonObject { ["ownerReferences"] = kept.Count == 0 ? null : ToJson(kept) };
        }, ct);
        return updated is not null;
    }

    /// <summary>Sets blockOwnerDeletion=false on every reference of the object that has it true.</summary>
    /// <returns>the new resourceVersion, or null when nothing changed.</returns>
    private async Task<long?> UnblockOwnerReferencesAsync(GarbageCollectorNode item, CancellationToken ct)
    {
        var updated = await PatchIfPresentAsync(item, current =>
        {
            var refs = current.Metadata.OwnerReferences ?? [];
            if (!refs.Any(r => r.BlockOwnerDeletion == true))
            {
                return null;
            }
            var unblocked = refs.Select(r =>
            {
                var copy = Common.ObjectCopy.Of(r);
                if (copy.BlockOwnerDeletion == true)
                {
                    copy.BlockOwnerDeletion = false;
                }
                return copy;
            }).ToList();
            return new JsonObject { ["ownerReferences"] = ToJson(unblocked) };
        }, ct);
        return updated is null ? null : long.Parse(updated.Metadata.ResourceVersion ?? "0", CultureInfo.InvariantCulture);
    }

    /// <summary>Removes one finalizer; the API server completes the deletion when it was the last.</summary>
    private Task RemoveFinalizerAsync(GarbageCollectorNode owner, string finalizer, CancellationToken ct) =>
        PatchIfPresentAsync(owner, current =>
        {
            var finalizers = current.Metadata.Finalizers ?? [];
            if (!finalizers.Contains(finalizer))
            {
                return null;
            }
            var kept = finalizers.Where(f => f != finalizer).ToList();
            return new JsonObject { ["finalizers"] = kept.Count == 0 ? null : new JsonArray([.. kept.Select(f => JsonValue.Create(f))]) };
        }, ct);

    /// <summary>
    /// Reads the object, asks <paramref name="metadataPatch"/> for the metadata fields to change
    /// (null: nothing to do) and patches them at the revision read, again after a conflict.
    /// Nothing is written when the object is gone or is another object by now.
    /// </summary>
    /// <returns>the object after the write, or null when nothing was written.</returns>
    private async Task<PartialObjectMetadata?> PatchIfPresentAsync(GarbageCollectorNode node, Func<PartialObjectMetadata, JsonObject?> metadataPatch, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await client.TryGetAsync<PartialObjectMetadata>(node.Resource, node.Namespace, node.Name, ct);
            if (current is null || current.Metadata.Uid != node.Uid || metadataPatch(current) is not { } meta)
            {
                return null;
            }
            meta["resourceVersion"] = current.Metadata.ResourceVersion;
            var patch = new JsonObject { ["metadata"] = meta };
            try
            {
                return await client.PatchAsync<PartialObjectMetadata>(node.Resource, node.Namespace, node.Name, PatchType.Merge, patch, null, null, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Deleted meanwhile: there is nothing left to change.
                return null;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < ConflictRetries)
            {
                // Changed since it was read: compute the patch again on the newest object.
            }
        }
    }

    /// <summary>Deletes the object if it is still this uid at this revision (it may have gained an owner since).</summary>
    /// <returns>true when done (deleted, or already gone); false to look again.</returns>
    private async Task<bool> DeleteAsync(GarbageCollectorNode item, long revision, string propagationPolicy, CancellationToken ct)
    {
        try
        {
            await client.DeleteAsync(item.Resource, item.Namespace, item.Name, new DeleteOptions
            {
                PropagationPolicy = propagationPolicy,
                PreconditionUid = item.Uid,
                PreconditionResourceVersion = revision.ToString(CultureInfo.InvariantCulture),
            }, ct);
            logger.LogInformation("garbage collector: deleting {Object} (propagation {Policy})", item, propagationPolicy);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            ForgetGone(item.Uid);
            return true;
        }
        catch (KubeApiException e) when (e.Code == 409)
        {
            // Changed since it was read (a new owner reference?): decide again on the newest object.
            return false;
        }
    }

    private static JsonNode ToJson(List<V1OwnerReference> refs) =>
        JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(refs, KubeJson.Options))!;
}
