using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// Turns pod notifications into Job keys (upstream's addPod/updatePod/deletePod): the owning Job
/// is queued, the creations, deletions and finalizer removals it expected are marked seen, and a
/// pod that still holds the tracking finalizer but whose Job is gone goes to the orphan queue.
/// </summary>
public sealed class JobPodEventRouter(
    IObjectCache<V1Job> jobs,
    ControllerExpectations expectations,
    FinalizerExpectations finalizers,
    Action<ObjectKey> enqueueJob,
    Action<ObjectKey> enqueueOrphan)
{
    public void Added(V1Pod pod, bool initialList)
    {
        if (Owner(pod) is { } owner)
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                expectations.DeletionObserved(owner.ToString(), ReplicaSetReconciler.PodKey(pod));
            }
            else
            {
                expectations.CreationObserved(owner.ToString());
            }
            enqueueJob(owner);
            return;
        }
        OrphanCheck(pod);
    }

    public void Updated(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        var owner = Owner(pod);
        if (owner is { } o)
        {
            if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
            {
                expectations.DeletionObserved(o.ToString(), ReplicaSetReconciler.PodKey(pod));
            }
            if (!JobPods.HasTrackingFinalizer(pod))
            {
                finalizers.Observed(o.ToString(), pod.Metadata.Uid);
            }
            enqueueJob(o);
        }
        else
        {
            OrphanCheck(pod);
        }
        if (Owner(old) is { } previous && previous != owner)
        {
            enqueueJob(previous);
        }
    }

    public void Deleted(V1Pod pod, bool finalStateUnknown)
    {
        if (Owner(pod) is { } owner)
        {
            expectations.DeletionObserved(owner.ToString(), ReplicaSetReconciler.PodKey(pod));
            finalizers.Observed(owner.ToString(), pod.Metadata.Uid);
            enqueueJob(owner);
        }
    }

    /// <summary>The key of the Job controlling the pod, when that Job exists (same UID).</summary>
    private ObjectKey? Owner(V1Pod pod)
    {
        var reference = OwnerRefs.ControllerOf(pod.Metadata);
        if (reference is null || reference.Kind != JobNames.Kind)
        {
            return null;
        }
        var job = jobs.Get(pod.Metadata.NamespaceProperty, reference.Name);
        return job is not null && job.Metadata.Uid == reference.Uid ? new ObjectKey(pod.Metadata.NamespaceProperty ?? "", reference.Name) : null;
    }

    private void OrphanCheck(V1Pod pod)
    {
        if (JobPods.HasTrackingFinalizer(pod))
        {
            enqueueOrphan(new ObjectKey(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name));
        }
    }
}
