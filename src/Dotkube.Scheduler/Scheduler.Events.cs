using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler;

// The feeding side: informers' add/update/delete handlers call these. Each updates the cache (or the
// queue, for pending pods) and tells the queue which cluster event happened.
public sealed partial class Scheduler
{
    public void OnPodAdd(V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            lock (Cache.SyncRoot)
            {
                Cache.AddOrUpdateAssignedPod(pod);
            }

            Queue.Delete(Key(pod));
            Queue.OnClusterEvent(new ClusterEvent(EventResource.AssignedPod, ActionType.Add));
        }
        else if (IsOurs(pod))
        {
            Queue.Add(new PodInfo(pod));
        }
    }

    public void OnPodUpdate(V1Pod oldPod, V1Pod newPod)
    {
        if (IsAssigned(newPod))
        {
            lock (Cache.SyncRoot)
            {
                Cache.AddOrUpdateAssignedPod(newPod);
            }

            if (!IsAssigned(oldPod))
            {
                // Bound: confirmed from the API.
                Queue.Delete(Key(newPod));
                Queue.OnClusterEvent(new ClusterEvent(EventResource.AssignedPod, ActionType.Add));
                return;
            }

            Queue.OnClusterEvent(new ClusterEvent(EventResource.AssignedPod, PodUpdateAction(oldPod, newPod)));
        }
        else if (IsOurs(newPod))
        {
            Queue.Update(new PodInfo(newPod));
        }
        else
        {
            Queue.Delete(Key(newPod));
        }
    }

    public void OnPodDelete(V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            lock (Cache.SyncRoot)
            {
                Cache.RemovePod(Key(pod));
            }

            Queue.OnClusterEvent(new ClusterEvent(EventResource.AssignedPod, ActionType.Delete));
        }
        else
        {
            Queue.Delete(Key(pod));
        }
    }

    public void OnNodeAdd(V1Node node)
    {
        lock (Cache.SyncRoot)
        {
            Cache.AddOrUpdateNode(node);
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.Node, ActionType.Add));
    }

    public void OnNodeUpdate(V1Node oldNode, V1Node newNode)
    {
        lock (Cache.SyncRoot)
        {
            Cache.AddOrUpdateNode(newNode);
        }

        var action = NodeUpdateAction(oldNode, newNode);
        if (action != ActionType.None)
        {
            Queue.OnClusterEvent(new ClusterEvent(EventResource.Node, action));
        }
    }

    public void OnNodeDelete(V1Node node)
    {
        lock (Cache.SyncRoot)
        {
            Cache.RemoveNode(node.Name());
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.Node, ActionType.Delete));
    }

    public void OnPersistentVolumeClaimAdd(V1PersistentVolumeClaim claim) => SetClaim(claim, ActionType.Add);

    public void OnPersistentVolumeClaimUpdate(V1PersistentVolumeClaim claim) => SetClaim(claim, ActionType.UpdateOther);

    public void OnPersistentVolumeClaimDelete(V1PersistentVolumeClaim claim)
    {
        lock (Cache.SyncRoot)
        {
            Cache.RemoveClaim(claim.Namespace(), claim.Name());
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.PersistentVolumeClaim, ActionType.Delete));
    }

    public void OnPersistentVolumeAdd(V1PersistentVolume volume) => SetVolume(volume, ActionType.Add);

    public void OnPersistentVolumeUpdate(V1PersistentVolume volume) => SetVolume(volume, ActionType.UpdateOther);

    public void OnPersistentVolumeDelete(V1PersistentVolume volume)
    {
        lock (Cache.SyncRoot)
        {
            Cache.RemoveVolume(volume.Name());
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.PersistentVolume, ActionType.Delete));
    }

    public void OnStorageClassAdd(V1StorageClass storageClass) => SetStorageClass(storageClass, ActionType.Add);

    public void OnStorageClassUpdate(V1StorageClass storageClass) => SetStorageClass(storageClass, ActionType.UpdateOther);

    public void OnStorageClassDelete(V1StorageClass storageClass)
    {
        lock (Cache.SyncRoot)
        {
            Cache.RemoveStorageClass(storageClass.Name());
        }
    }

    public void OnNamespaceAdd(V1Namespace ns) => SetNamespace(ns, ActionType.Add);

    public void OnNamespaceUpdate(V1Namespace ns) => SetNamespace(ns, ActionType.UpdateOther);

    public void OnNamespaceDelete(V1Namespace ns)
    {
        lock (Cache.SyncRoot)
        {
            Cache.RemoveNamespace(ns.Name());
        }
    }

    public void OnPodDisruptionBudgetAddOrUpdate(V1PodDisruptionBudget budget)
    {
        lock (Cache.SyncRoot)
        {
            Cache.SetDisruptionBudget(budget);
        }
    }

    public void OnPodDisruptionBudgetDelete(V1PodDisruptionBudget budget)
    {
        lock (Cache.SyncRoot)
        {
            Cache.RemoveDisruptionBudget(budget.Namespace(), budget.Name());
        }
    }

    /// <summary>Services select pods for the default topology spreading; pass null selector on delete.</summary>
    public void OnServiceAddOrUpdate(V1Service service) =>
        SetWorkload("Service", service.Namespace(), service.Name(), service.Spec?.Selector is { Count: > 0 } s ? LabelMatcher.From(new V1LabelSelector { MatchLabels = s }) : null);

    public void OnServiceDelete(V1Service service) => SetWorkload("Service", service.Namespace(), service.Name(), null);

    public void OnReplicaSetAddOrUpdate(V1ReplicaSet rs) => SetWorkload("ReplicaSet", rs.Namespace(), rs.Name(), LabelMatcher.From(rs.Spec?.Selector));

    public void OnReplicaSetDelete(V1ReplicaSet rs) => SetWorkload("ReplicaSet", rs.Namespace(), rs.Name(), null);

    public void OnStatefulSetAddOrUpdate(V1StatefulSet ss) => SetWorkload("StatefulSet", ss.Namespace(), ss.Name(), LabelMatcher.From(ss.Spec?.Selector));

    public void OnStatefulSetDelete(V1StatefulSet ss) => SetWorkload("StatefulSet", ss.Namespace(), ss.Name(), null);

    public void OnReplicationControllerAddOrUpdate(V1ReplicationController rc) =>
        SetWorkload("ReplicationController", rc.Namespace(), rc.Name(), rc.Spec?.Selector is { Count: > 0 } s ? LabelMatcher.From(new V1LabelSelector { MatchLabels = s }) : null);

    public void OnReplicationControllerDelete(V1ReplicationController rc) => SetWorkload("ReplicationController", rc.Namespace(), rc.Name(), null);

    private void SetWorkload(string kind, string ns, string name, LabelMatcher? selector)
    {
        lock (Cache.SyncRoot)
        {
            Cache.SetWorkloadSelector(kind, ns, name, selector);
        }
    }

    private void SetClaim(V1PersistentVolumeClaim claim, ActionType action)
    {
        lock (Cache.SyncRoot)
        {
            Cache.SetClaim(claim);
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.PersistentVolumeClaim, action));
    }

    private void SetVolume(V1PersistentVolume volume, ActionType action)
    {
        lock (Cache.SyncRoot)
        {
            Cache.SetVolume(volume);
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.PersistentVolume, action));
    }

    private void SetStorageClass(V1StorageClass storageClass, ActionType action)
    {
        lock (Cache.SyncRoot)
        {
            Cache.SetStorageClass(storageClass);
        }

        Queue.OnClusterEvent(new ClusterEvent(EventResource.StorageClass, action));
    }

    private void SetNamespace(V1Namespace ns, ActionType action)
    {
        lock (Cache.SyncRoot)
        {
            Cache.SetNamespace(ns);
        }

        // Namespace labels matter to affinity terms with a namespaceSelector.
        Queue.OnClusterEvent(new ClusterEvent(EventResource.Namespace, action));
    }

    private bool IsOurs(V1Pod pod) =>
        (pod.Spec?.SchedulerName ?? DefaultSchedulerName) == _options.SchedulerName
        && pod.Metadata?.DeletionTimestamp is null
        && pod.Status?.Phase is not ("Succeeded" or "Failed");

    private static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private static string Key(V1Pod pod) => (pod.Namespace() ?? "default") + "/" + pod.Name();

    private static ActionType PodUpdateAction(V1Pod oldPod, V1Pod newPod)
    {
        var action = ActionType.None;
        if (!SameMap(oldPod.Metadata?.Labels, newPod.Metadata?.Labels))
        {
            action |= ActionType.UpdatePodLabel;
        }

        var before = PodResources.Requests(oldPod, nonZero: false);
        var after = PodResources.Requests(newPod, nonZero: false);
        if (after.MilliCpu < before.MilliCpu || after.Memory < before.Memory || after.EphemeralStorage < before.EphemeralStorage)
        {
            action |= ActionType.UpdatePodScaleDown;
        }

        // Terminating pods stop counting for spreading and affinity.
        if (oldPod.Metadata?.DeletionTimestamp is null && newPod.Metadata?.DeletionTimestamp is not null)
        {
            action |= ActionType.UpdateOther;
        }

        return action == ActionType.None ? ActionType.UpdateOther : action;
    }

    private static ActionType NodeUpdateAction(V1Node oldNode, V1Node newNode)
    {
        var action = ActionType.None;
        if (!SameQuantities(oldNode.Status?.Allocatable, newNode.Status?.Allocatable))
        {
            action |= ActionType.UpdateNodeAllocatable;
        }

        if (!SameMap(oldNode.Metadata?.Labels, newNode.Metadata?.Labels))
        {
            action |= ActionType.UpdateNodeLabel;
        }

        if (!Taints(oldNode).SequenceEqual(Taints(newNode)) || (oldNode.Spec?.Unschedulable ?? false) != (newNode.Spec?.Unschedulable ?? false))
        {
            action |= ActionType.UpdateNodeTaint;
        }

        if (!Conditions(oldNode).SequenceEqual(Conditions(newNode)))
        {
            action |= ActionType.UpdateNodeCondition;
        }

        return action;
    }

    private static IEnumerable<(string, string, string)> Taints(V1Node n) =>
        n.Spec?.Taints?.Select(t => (t.Key, t.Value ?? "", t.Effect)) ?? [];

    private static IEnumerable<(string, string)> Conditions(V1Node n) =>
        n.Status?.Conditions?.Select(c => (c.Type, c.Status)) ?? [];

    private static bool SameQuantities(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b) =>
        SameMap(a?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? ""), b?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? ""));

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
