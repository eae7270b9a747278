using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using Dotkube.Machinery.Selectors;
using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Adoption and release of pods by selector (upstream's PodControllerRefManager.ClaimPods) for
/// owners other than ReplicaSets: an orphan whose labels match is adopted, an owned pod whose
/// labels stopped matching is released. Owner references are changed by a merge patch carrying
/// the pod's resourceVersion, so a concurrent change gives a conflict instead of a lost write.
/// An owner that tracks its pods with a finalizer (Jobs) adds it on adoption and drops it on
/// release, in the same patch, as upstream's PodControllerRefManager does with its finalizers.
/// </summary>
public sealed class PodClaims(KubeApiClient client, string apiVersion, string kind, string? finalizer = null)
{
    /// <summary>The pods <paramref name="owner"/> controls after adopting and releasing.</summary>
    /// <param name="filter">an extra condition a pod must meet to be adopted or kept (a StatefulSet's name pattern).</param>
    /// <param name="ownerStillThere">checked once before the first adoption: the cache may lag a deletion of the owner.</param>
    public async Task<List<V1Pod>> ClaimAsync(V1ObjectMeta owner, LabelSelector selector, IEnumerable<V1Pod> pods, Func<V1Pod, bool> filter,
        Func<CancellationToken, Task<bool>> ownerStillThere, CancellationToken ct)
    {
        var owned = new List<V1Pod>();
        var deleting = owner.DeletionTimestamp is not null;
        bool? canAdopt = null;
        foreach (var pod in pods)
        {
            var controller = OwnerRefs.ControllerOf(pod.Metadata);
            var matches = Selectors.Matches(selector, pod.Metadata) && filter(pod);
            if (controller is not null)
            {
                if (controller.Uid != owner.Uid)
                {
                    continue;
                }
                if (matches)
                {
                    owned.Add(pod);
                }
                else if (!deleting)
                {
                    await PatchOwnersAsync(pod, (pod.Metadata.OwnerReferences ?? []).Where(r => r.Uid != owner.Uid).ToList(), adopting: false, ct);
                }
                continue;
            }
            if (!matches || deleting || pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            canAdopt ??= await ownerStillThere(ct);
            if (canAdopt == true)
            {
                var refs = (pod.Metadata.OwnerReferences ?? []).ToList();
                refs.Add(OwnerRefs.NewControllerRef(owner, apiVersion, kind));
                if (await PatchOwnersAsync(pod, refs, adopting: true, ct))
                {
                    owned.Add(pod);
                }
            }
        }
        return owned;
    }

    /// <summary>False when the pod went away or changed meanwhile: its next event brings the owner back.</summary>
    private async Task<bool> PatchOwnersAsync(V1Pod pod, List<V1OwnerReference> refs, bool adopting, CancellationToken ct)
    {
        var metadata = new Dictionary<string, object?>
        {
            ["ownerReferences"] = refs,
            ["uid"] = pod.Metadata.Uid,
            ["resourceVersion"] = pod.Metadata.ResourceVersion,
        };
        var finalizers = pod.Metadata.Finalizers ?? [];
        if (finalizer is not null && adopting != finalizers.Contains(finalizer))
        {
            // A merge patch replaces the whole list; the resourceVersion keeps that safe.
            metadata["finalizers"] = adopting ? [.. finalizers, finalizer] : finalizers.Where(f => f != finalizer).ToList();
        }
        var patch = JsonSerializer.Serialize(new { metadata }, KubeJson.Options);
        try
        {
            await client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.Merge, patch, cancellationToken: ct);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            return false;
        }
    }
}
