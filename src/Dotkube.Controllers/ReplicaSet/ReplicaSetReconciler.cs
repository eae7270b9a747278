using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Client.Events;
using Dotkube.Controllers.Common;
using Dotkube.Machinery.Selectors;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>
/// Keeps spec.replicas active pods for one ReplicaSet (upstream's syncReplicaSet): claims the pods
/// its selector matches (adopting orphans, releasing pods that stopped matching), creates the
/// missing ones from the template in slow-start batches and deletes the surplus in upstream's
/// preference order, then writes the status. Reads come from the informer caches; writes go to
/// the server with the controller's own identity. ReplicationControllers are managed by the same
/// code through <see cref="IReplicaSetAdapter"/>.
/// </summary>
public sealed class ReplicaSetReconciler(
    KubeApiClient client,
    IReplicaSetAdapter adapter,
    IObjectCache<V1Pod> pods,
    ControllerExpectations expectations,
    EventRecorder events,
    TimeProvider clock,
    ILogger logger) : IReconciler
{
    /// <summary>At most this many pods are created or deleted in one sync (upstream's burstReplicas).</summary>
    public const int BurstReplicas = 500;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var keyText = key.ToString();
        var rs = adapter.Cache.Get(key.Namespace, key.Name);
        if (rs is null)
        {
            expectations.Delete(keyText);
            return ReconcileResult.Done;
        }
        var selector = Selectors.From(rs.Spec.Selector);
        var needsSync = expectations.Satisfied(keyText) && rs.Metadata.DeletionTimestamp is null;
        var active = pods.List(key.Namespace).Where(PodUtil.IsActive).ToList();
        var owned = await ClaimAsync(rs, selector, active, cancellationToken);

        Exception? manageError = null;
        if (needsSync)
        {
            manageError = await ManageReplicasAsync(rs, keyText, owned, active, cancellationToken);
        }
        var now = clock.GetUtcNow();
        var status = ReplicaSetStatusCalculator.Calculate(rs, owned, now, manageError);
        if (ReplicaSetStatusCalculator.Differs(rs.Status, status))
        {
            var copy = ObjectCopy.Of(rs);
            copy.Status = status;
            try
            {
                await adapter.UpdateStatusAsync(copy, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return ReconcileResult.Done;
            }
        }
        if (manageError is not null)
        {
            throw new InvalidOperationException($"syncing {adapter.Kind} {keyText}: {manageError.Message}", manageError);
        }
        // Pods that are ready but not yet available become available without any event: look again then.
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        if (minReady > 0 && status.ReadyReplicas != status.AvailableReplicas)
        {
            return ReconcileResult.After(TimeSpan.FromSeconds(minReady));
        }
        return ReconcileResult.Done;
    }

    /// <summary>
    /// The active pods this ReplicaSet controls after adopting matching orphans and releasing owned
    /// pods that no longer match (upstream's PodControllerRefManager.ClaimPods).
    /// </summary>
    private async Task<List<V1Pod>> ClaimAsync(V1ReplicaSet rs, LabelSelector selector, List<V1Pod> active, CancellationToken ct)
    {
        var owned = new List<V1Pod>();
        var deleting = rs.Metadata.DeletionTimestamp is not null;
        bool? stillThere = null;
        foreach (var pod in active)
        {
            var controller = OwnerRefs.ControllerOf(pod.Metadata);
            var matches = Selectors.Matches(selector, pod.Metadata);
            if (controller is not null)
            {
                if (controller.Uid != rs.Metadata.Uid)
                {
                    continue;
                }
                if (matches)
                {
                    owned.Add(pod);
                }
                else if (!deleting)
                {
                    await ReleaseAsync(rs, pod, ct);
                }
                continue;
            }
            if (!matches || deleting || pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            // Adopt only if the owner is really still there (the cache may lag a deletion).
            stillThere ??= await adapter.GetLiveAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, ct)
                is { } fresh && fresh.Metadata.Uid == rs.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
            if (stillThere == true && await AdoptAsync(rs, pod, ct))
            {
                owned.Add(pod);
            }
        }
        return owned;
    }

    private async Task<bool> AdoptAsync(V1ReplicaSet rs, V1Pod pod, CancellationToken ct)
    {
        var refs = (pod.Metadata.OwnerReferences ?? []).ToList();
        refs.Add(OwnerRefs.NewControllerRef(rs.Metadata, adapter.ApiVersion, adapter.Kind));
        try
        {
            await PatchOwnersAsync(pod, refs, ct);
            logger.LogInformation("{Kind} {Namespace}/{Name} adopted pod {Pod}", adapter.Kind, rs.Metadata.NamespaceProperty, rs.Metadata.Name, pod.Metadata.Name);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone or changed meanwhile: the pod's next event brings it back here.
            return false;
        }
    }

    private async Task ReleaseAsync(V1ReplicaSet rs, V1Pod pod, CancellationToken ct)
    {
        var refs = (pod.Metadata.OwnerReferences ?? []).Where(r => r.Uid != rs.Metadata.Uid).ToList();
        try
        {
            await PatchOwnersAsync(pod, refs, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone or changed meanwhile: the pod's next event brings it back here.
        }
    }

    private Task PatchOwnersAsync(V1Pod pod, List<V1OwnerReference> refs, CancellationToken ct)
    {
        // The resourceVersion makes the patch a compare-and-swap: a pod whose owners changed
        // since the cache saw it gets a 409 instead of losing the other writer's reference.
        var patch = JsonSerializer.Serialize(new
        {
            metadata = new
            {
                ownerReferences = refs,
                uid = pod.Metadata.Uid,
                resourceVersion = pod.Metadata.ResourceVersion,
            },
        }, KubeJson.Options);
        return client.Resource<V1Pod>(ResourceType.Pods).PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.Merge, patch, cancellationToken: ct);
    }

    private async Task<Exception?> ManageReplicasAsync(V1ReplicaSet rs, string key, List<V1Pod> owned, List<V1Pod> active, CancellationToken ct)
    {
        var wanted = rs.Spec.Replicas ?? 1;
        var diff = owned.Count - wanted;
        var reference = adapter.Reference(rs);
        if (diff < 0)
        {
            var count = Math.Min(-diff, BurstReplicas);
            expectations.ExpectCreations(key, count);
            var attempted = 0;
            var (succeeded, error) = await SlowStart.RunAsync(count, async () =>
            {
                Interlocked.Increment(ref attempted);
                try
                {
                    var created = await client.Resource<V1Pod>(ResourceType.Pods).CreateAsync(PodFromTemplate(rs, adapter), cancellationToken: ct);
                    events.Event(reference, "Normal", "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
                {
                    // The creation will never be observed: stop waiting for it.
                    expectations.CreationObserved(key);
                    events.Event(reference, "Warning", "FailedCreate", $"Error creating: {e.Message}");
                    throw;
                }
            });
            for (var skipped = count - attempted; skipped > 0; skipped--)
            {
                expectations.CreationObserved(key);
            }
            if (error is not null)
            {
                logger.LogWarning("replica set {Key}: created {Succeeded} of {Count} pods: {Error}", key, succeeded, count, error.Message);
            }
            return error;
        }
        if (diff > 0)
        {
            var count = Math.Min(diff, BurstReplicas);
            var victims = PodDeletionOrder.PodsToDelete(owned, RelatedPods(rs, active), count);
            expectations.ExpectDeletions(key, victims.Select(PodKey));
            var errors = await Task.WhenAll(victims.Select(async pod =>
            {
                try
                {
                    await client.DeleteAsync(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken: ct);
                    events.Event(reference, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                    return null;
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    // Already gone: its delete event may have come and gone too.
                    expectations.DeletionObserved(key, PodKey(pod));
                    return null;
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
                {
                    expectations.DeletionObserved(key, PodKey(pod));
                    events.Event(reference, "Warning", "FailedDelete", $"Error deleting: {e.Message}");
                    return e;
                }
            }));
            return errors.FirstOrDefault(e => e is not null);
        }
        return null;
    }

    /// <summary>Active pods of this ReplicaSet and of its siblings (ReplicaSets with the same controller, e.g. one Deployment's), for node ranking.</summary>
    private List<V1Pod> RelatedPods(V1ReplicaSet rs, List<V1Pod> active)
    {
        var owners = new HashSet<string?> { rs.Metadata.Uid };
        if (OwnerRefs.ControllerOf(rs.Metadata) is { } owner)
        {
            owners.UnionWith(adapter.Cache.List(rs.Metadata.NamespaceProperty)
                .Where(r => OwnerRefs.ControllerOf(r.Metadata)?.Uid == owner.Uid)
                .Select(r => r.Metadata.Uid));
        }
        return active.Where(p => OwnerRefs.ControllerOf(p.Metadata) is { } c && owners.Contains(c.Uid)).ToList();
    }

    public static string PodKey(V1Pod pod) => ObjectKey.KeyOf(pod.Metadata.NamespaceProperty, pod.Metadata.Name);

    /// <summary>A new pod from the template (upstream's GetPodFromTemplate).</summary>
    public static V1Pod PodFromTemplate(V1ReplicaSet rs, IReplicaSetAdapter adapter)
    {
        var template = rs.Spec.Template;
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = rs.Metadata.Name + "-",
                NamespaceProperty = rs.Metadata.NamespaceProperty,
                Labels = template?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = template?.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = template?.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [OwnerRefs.NewControllerRef(rs.Metadata, adapter.ApiVersion, adapter.Kind)],
            },
            Spec = template?.Spec is { } spec ? ObjectCopy.Of(spec) : null,
        };
    }

}
