using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.ReplicaSet;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// Turns pod notifications into Job keys (upstream's addPod/updatePod/deletePod): the owning Job
/// is queued, the creations, deletions and finalizer removals it expected are marked seen, and a
/// pod that still holds the tracking finalizer but whose Job is gone goes to the orphan queue. An
/// orphan (new, relabelled or just released) queues every Job whose selector matches it: one may
/// adopt it.
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
        EnqueueMatching(pod);
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
        if (Owner(old) is { } previous && previous != owner)
        {
            enqueueJob(previous);
        }
        if (owner is null)
        {
            OrphanCheck(pod);
            var released = OwnerRefs.ControllerOf(old.Metadata) is not null && OwnerRefs.ControllerOf(pod.Metadata) is null;
            if (released || !LabelsEqual(old, pod))
            {
                EnqueueMatching(pod);
            }
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

    /// <summary>Every Job whose selector matches the orphan (upstream's getPodJobs; an empty selector matches nothing here).</summary>
    private void EnqueueMatching(V1Pod pod)
    {
        if (OwnerRefs.ControllerOf(pod.Metadata) is not null || pod.Metadata.Labels is not { Count: > 0 })
        {
            return;
        }
        foreach (var job in jobs.List(pod.Metadata.NamespaceProperty ?? ""))
        {
            if (job.Spec.Selector is { } selector && (selector.MatchLabels is { Count: > 0 } || selector.MatchExpressions is { Count: > 0 })
                && Selectors.Matches(Selectors.From(selector), pod.Metadata))
            {
                enqueueJob(new ObjectKey(job.Metadata.NamespaceProperty ?? "", job.Metadata.Name));
            }
        }
    }

    private static bool LabelsEqual(V1Pod a, V1Pod b)
    {
        var x = a.Metadata.Labels ?? new Dictionary<string, string>();
        var y = b.Metadata.Labels ?? new Dictionary<string, string>();
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private void OrphanCheck(V1Pod pod)
    {
        if (JobPods.HasTrackingFinalizer(pod))
        {
            enqueueOrphan(new ObjectKey(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name));
        }
    }
}
