using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>
/// Turns pod notifications into ReplicaSet keys (upstream's addPod/updatePod/deletePod): the
/// controlling ReplicaSet of a pod, or for an orphan every ReplicaSet whose selector matches it
/// (one of them may adopt it); and marks the creations and deletions the controller expected as seen.
/// </summary>
public sealed class PodEventRouter(IReplicaSetAdapter adapter, ControllerExpectations expectations, Action<ObjectKey> enqueue)
{
    public void Added(V1Pod pod, bool initialList)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Restarted controller saw a pod being deleted: count it as a deletion.
            Deleted(pod, false);
            return;
        }
        if (Owner(pod) is { } owner)
        {
            expectations.CreationObserved(owner.ToString());
            enqueue(owner);
            return;
        }
        EnqueueMatching(pod);
    }

    public void Updated(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null && Owner(pod) is { } deleting)
        {
            // A graceful deletion counts as observed when it starts, as upstream does.
            expectations.DeletionObserved(deleting.ToString(), ReplicaSetReconciler.PodKey(pod));
        }
        var oldOwner = Owner(old);
        var newOwner = Owner(pod);
        if (oldOwner is { } o && o != newOwner)
        {
            enqueue(o);
        }
        if (newOwner is { } n)
        {
            enqueue(n);
            return;
        }
        if (!LabelsEqual(old, pod) || oldOwner is not null)
        {
            EnqueueMatching(pod);
        }
    }

    public void Deleted(V1Pod pod, bool finalStateUnknown)
    {
        if (Owner(pod) is { } owner)
        {
            expectations.DeletionObserved(owner.ToString(), ReplicaSetReconciler.PodKey(pod));
            enqueue(owner);
        }
    }

    /// <summary>The key of the ReplicaSet controlling the pod, when it is one that exists (same UID).</summary>
    private ObjectKey? Owner(V1Pod pod)
    {
        var reference = OwnerRefs.ControllerOf(pod.Metadata);
        if (reference is null || reference.Kind != adapter.Kind)
        {
            return null;
        }
        var rs = adapter.Cache.Get(pod.Metadata.NamespaceProperty, reference.Name);
        return rs is not null && rs.Metadata.Uid == reference.Uid ? new ObjectKey(pod.Metadata.NamespaceProperty ?? "", reference.Name) : null;
    }

    private void EnqueueMatching(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null || OwnerRefs.ControllerOf(pod.Metadata) is not null)
        {
            return;
        }
        foreach (var rs in adapter.Cache.List(pod.Metadata.NamespaceProperty ?? ""))
        {
            if (Selectors.Matches(Selectors.From(rs.Spec.Selector), pod.Metadata))
            {
                enqueue(new ObjectKey(rs.Metadata.NamespaceProperty ?? "", rs.Metadata.Name));
            }
        }
    }

    private static bool LabelsEqual(V1Pod a, V1Pod b)
    {
        var x = a.Metadata.Labels ?? new Dictionary<string, string>();
        var y = b.Metadata.Labels ?? new Dictionary<string, string>();
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
