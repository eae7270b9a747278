using Dotkube.Controllers.Common;
using Dotkube.Client;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

/// <summary>
/// Creates, updates and deletes one pod of a set with its claims, recording upstream's events
/// (upstream's StatefulPodControl): "create Pod web-0 in StatefulSet web successful",
/// "create Claim data-web-0 Pod web-0 in StatefulSet web success", and their failures.
/// </summary>
public sealed class StatefulPodControl(IStatefulSetObjects objects)
{
    /// <summary>Creates the pod's missing claims, then the pod. A pod that already exists is no error (the cache lagged).</summary>
    public async Task CreateAsync(V1StatefulSet set, V1Pod pod, CancellationToken ct)
    {
        await CreateMissingClaimsAsync(set, pod, ct);
        try
        {
            await objects.CreatePodAsync(pod, ct);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            return;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            RecordPod(set, "create", pod, e);
            throw;
        }
        RecordPod(set, "create", pod, null);
    }

    /// <summary>Brings a pod's identity, storage and claims' owners in line with the set, then updates it.</summary>
    public async Task UpdateAsync(V1StatefulSet set, V1Pod pod, CancellationToken ct)
    {
        var consistent = true;
        if (!StatefulPods.IdentityMatches(set, pod))
        {
            StatefulPods.UpdateIdentity(set, pod);
            consistent = false;
        }
        if (!StatefulPods.StorageMatches(set, pod))
        {
            StatefulPods.UpdateStorage(set, pod);
            consistent = false;
            await CreateMissingClaimsAsync(set, pod, ct);
        }
        if (!ClaimsMatchRetention(set, pod))
        {
            await UpdateClaimsForRetentionAsync(set, pod, ct);
        }
        if (consistent)
        {
            return;
        }
        try
        {
            await objects.UpdatePodAsync(pod, ct);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            RecordPod(set, "update", pod, e);
            throw;
        }
        RecordPod(set, "update", pod, null);
    }

    public async Task DeleteAsync(V1StatefulSet set, V1Pod pod, CancellationToken ct)
    {
        try
        {
            await objects.DeletePodAsync(pod, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            RecordPod(set, "delete", pod, e);
            throw;
        }
        RecordPod(set, "delete", pod, null);
    }

    /// <summary>Creates the claims of the pod that do not exist yet.</summary>
    public async Task CreateMissingClaimsAsync(V1StatefulSet set, V1Pod pod, CancellationToken ct)
    {
        foreach (var claim in StatefulPods.Claims(set, StatefulPods.Ordinal(pod)).Values)
        {
            if (objects.GetClaim(claim.Metadata.NamespaceProperty ?? "", claim.Metadata.Name) is not null)
            {
                continue;
            }
            ClaimRetention.Update(claim, set, pod);
            try
            {
                await objects.CreateClaimAsync(claim, ct);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                continue;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
            {
                RecordClaim(set, pod, claim, e);
                throw;
            }
            RecordClaim(set, pod, claim, null);
        }
    }

    /// <summary>Whether a claim of the pod is being deleted or belongs to an earlier pod of that name (upstream's PodClaimIsStale).</summary>
    public bool ClaimIsStale(V1StatefulSet set, V1Pod pod)
    {
        foreach (var claim in StatefulPods.Claims(set, StatefulPods.Ordinal(pod)).Values)
        {
            var existing = objects.GetClaim(claim.Metadata.NamespaceProperty ?? "", claim.Metadata.Name);
            if (existing?.Metadata.DeletionTimestamp is not null)
            {
                return true;
            }
        }
        return false;
    }

    public bool ClaimsMatchRetention(V1StatefulSet set, V1Pod pod)
    {
        foreach (var claim in StatefulPods.Claims(set, StatefulPods.Ordinal(pod)).Values)
        {
            var existing = objects.GetClaim(claim.Metadata.NamespaceProperty ?? "", claim.Metadata.Name);
            if (existing is not null && !ClaimRetention.IsUpToDate(existing, set, pod))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Rewrites the owner references of the pod's claims for the retention policy.</summary>
    public async Task UpdateClaimsForRetentionAsync(V1StatefulSet set, V1Pod pod, CancellationToken ct)
    {
        foreach (var claim in StatefulPods.Claims(set, StatefulPods.Ordinal(pod)).Values)
        {
            var existing = objects.GetClaim(claim.Metadata.NamespaceProperty ?? "", claim.Metadata.Name);
            if (existing is null || ClaimRetention.IsUpToDate(existing, set, pod))
            {
                continue;
            }
            var copy = ObjectCopy.Of(existing);
            ClaimRetention.Update(copy, set, pod);
            try
            {
                await objects.UpdateClaimAsync(copy, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Gone meanwhile: nothing to own.
            }
        }
    }

    private void RecordPod(V1StatefulSet set, string verb, V1Pod pod, Exception? error)
    {
        var reason = (error is null ? "Successful" : "Failed") + char.ToUpperInvariant(verb[0]) + verb[1..];
        var message = error is null
            ? $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful"
            : $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {error.Message}";
        objects.Record(set, error is null ? "Normal" : "Warning", reason, message);
    }

    private void RecordClaim(V1StatefulSet set, V1Pod pod, V1PersistentVolumeClaim claim, Exception? error)
    {
        var message = error is null
            ? $"create Claim {claim.Metadata.Name} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} success"
            : $"create Claim {claim.Metadata.Name} for Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {error.Message}";
        objects.Record(set, error is null ? "Normal" : "Warning", error is null ? "SuccessfulCreate" : "FailedCreate", message);
    }
}
