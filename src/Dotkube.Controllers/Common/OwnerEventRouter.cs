using Dotkube.Client;
using Dotkube.Client.Cache;
using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Turns pod notifications into the keys of their owners of one kind (upstream's addPod/updatePod/
/// deletePod of the StatefulSet and DaemonSet controllers): the controlling owner of a pod, or for
/// an orphan every owner whose selector matches (one may adopt it). With expectations, marks the
/// creations and deletions an owner asked for as seen.
/// </summary>
public sealed class OwnerEventRouter<TOwner>(
    string kind,
    IObjectCache<TOwner> owners,
    Func<TOwner, V1LabelSelector?> selectorOf,
    Action<ObjectKey> enqueue,
    ControllerExpectations? expectations = null)
    where TOwner : class, k8s.IKubernetesObject<V1ObjectMeta>
{
    public void Added(V1Pod pod, bool initialList)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            Deleted(pod, false);
            return;
        }
        if (Owner(pod) is { } owner)
        {
            expectations?.CreationObserved(owner.ToString());
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
        var oldOwner = Owner(old);
        var newOwner = Owner(pod);
        if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null && newOwner is { } deleting)
        {
            // A graceful deletion counts as observed when it starts, as upstream does.
            expectations?.DeletionObserved(deleting.ToString(), PodKey(pod));
        }
        if (oldOwner is { } o && o != newOwner)
        {
            enqueue(o);
        }
        if (newOwner is { } n)
        {
            enqueue(n);
            return;
        }
        EnqueueMatching(pod);
    }

    public void Deleted(V1Pod pod, bool finalStateUnknown)
    {
        if (Owner(pod) is { } owner)
        {
            expectations?.DeletionObserved(owner.ToString(), PodKey(pod));
            enqueue(owner);
        }
    }

    public static string PodKey(V1Pod pod) => ObjectKey.KeyOf(pod.Metadata.NamespaceProperty, pod.Metadata.Name);

    /// <summary>The key of the owner controlling the pod, when it is one that exists (same UID).</summary>
    private ObjectKey? Owner(V1Pod pod)
    {
        var reference = OwnerRefs.ControllerOf(pod.Metadata);
        if (reference is null || reference.Kind != kind)
        {
            return null;
        }
        var owner = owners.Get(pod.Metadata.NamespaceProperty, reference.Name);
        return owner is not null && owner.Metadata.Uid == reference.Uid ? new ObjectKey(pod.Metadata.NamespaceProperty ?? "", reference.Name) : null;
    }

    private void EnqueueMatching(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null || OwnerRefs.ControllerOf(pod.Metadata) is not null)
        {
            return;
        }
        foreach (var owner in owners.List(pod.Metadata.NamespaceProperty ?? ""))
        {
            if (Selectors.Matches(Selectors.From(selectorOf(owner)), pod.Metadata))
            {
                enqueue(new ObjectKey(owner.Metadata.NamespaceProperty ?? "", owner.Metadata.Name));
            }
        }
    }
}
