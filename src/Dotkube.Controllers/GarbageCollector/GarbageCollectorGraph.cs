namespace Dotkube.Controllers.GarbageCollector;

/// <summary>
/// The owner graph: every object of every watched resource by uid, and for each owner uid the
/// objects that reference it. Owners that were never seen (absent, or of a resource that is not
/// watched) appear only as keys of the dependents index.
/// Every change reports the uids that now need a look, so the collector can queue them; the
/// graph itself never reads or writes the API. Thread-safe: watches and workers share it.
/// </summary>
/// <param name="invalidNamespaceOwnerRef">
/// told (under the graph's lock; it must not block) of a dependent whose reference names an owner
/// observed in another namespace: upstream's OwnerRefInvalidNamespace case.
/// </param>
public sealed class GarbageCollectorGraph(Action<GarbageCollectorNode, OwnerReference>? invalidNamespaceOwnerRef = null)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, GarbageCollectorNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> byResource = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return nodes.Count;
            }
        }
    }

    public GarbageCollectorNode? Get(string uid)
    {
        lock (gate)
        {
            return nodes.GetValueOrDefault(uid);
        }
    }

    /// <summary>The observed objects that reference <paramref name="ownerUid"/>, whatever their namespace.</summary>
    public IReadOnlyList<GarbageCollectorNode> DependentsOf(string ownerUid)
    {
        lock (gate)
        {
            if (!dependents.TryGetValue(ownerUid, out var uids))
            {
                return [];
            }
            var result = new List<GarbageCollectorNode>(uids.Count);
            foreach (var uid in uids)
            {
                if (nodes.TryGetValue(uid, out var n))
                {
                    result.Add(n);
                }
            }
            return result;
        }
    }

    /// <summary>Records an added or modified object; sightings older than what is known are ignored.</summary>
    public void Observe(GarbageCollectorNode node, ICollection<string> enqueue)
    {
        if (node.Uid.Length == 0)
        {
            return;
        }
        lock (gate)
        {
            ObserveLocked(node, enqueue);
        }
    }

    /// <summary>Forgets an object that is gone; its dependents and any owner waiting on it need a look.</summary>
    public void Remove(string uid, ICollection<string> enqueue)
    {
        lock (gate)
        {
            RemoveLocked(uid, enqueue);
        }
    }

    /// <summary>Forgets every object of a resource that is no longer served.</summary>
    public void Drop(string resourceKey, ICollection<string> enqueue)
    {
        lock (gate)
        {
            if (byResource.TryGetValue(resourceKey, out var known))
            {
                foreach (var uid in known.ToList())
                {
                    RemoveLocked(uid, enqueue);
                }
                byResource.Remove(resourceKey);
            }
        }
    }

    /// <summary>
    /// The objects the collector has work for by the graph's own account: owners being deleted with
    /// orphan or foreground propagation, and dependents with an owner that is unseen, mismatched
    /// (another kind, name or namespace) or waiting for its dependents. The periodic resync queues
    /// them; the workers then decide on live reads.
    /// </summary>
    public IReadOnlyList<string> NeedingAttention()
    {
        lock (gate)
        {
            var result = new List<string>();
            foreach (var node in nodes.Values)
            {
                if (node.IsOrphaning || node.IsDeletingDependents)
                {
                    result.Add(node.Uid);
                    continue;
                }
                if (node.Deleting)
                {
                    continue;
                }
                foreach (var r in node.Owners)
                {
                    if (!nodes.TryGetValue(r.Uid, out var owner) || !node.Matches(r, owner) || owner.IsDeletingDependents)
                    {
                        result.Add(node.Uid);
                        break;
                    }
                }
            }
            return result;
        }
    }

    private void ObserveLocked(GarbageCollectorNode node, ICollection<string> enqueue)
    {
        nodes.TryGetValue(node.Uid, out var old);
        if (old is not null && old.Revision > node.Revision)
        {
            return;
        }
        nodes[node.Uid] = node;
        if (!byResource.TryGetValue(node.ResourceKey, out var members))
        {
            members = new HashSet<string>(StringComparer.Ordinal);
            byResource[node.ResourceKey] = members;
        }
        members.Add(node.Uid);

        if (old is null || !SameOwners(old.Owners, node.Owners))
        {
            if (old is not null)
            {
                foreach (var r in old.Owners)
                {
                    if (!node.Owners.Contains(r))
                    {
                        Unlink(r.Uid, node.Uid);
                        // An owner waiting on this dependent may now be free to go.
                        if (nodes.TryGetValue(r.Uid, out var owner) && owner.IsDeletingDependents)
                        {
                            enqueue.Add(owner.Uid);
                        }
                    }
                }
            }
            foreach (var r in node.Owners)
            {
                Link(r.Uid, node.Uid);
                if (nodes.TryGetValue(r.Uid, out var owner) && owner.Resource.Namespaced && owner.Namespace != node.Namespace)
                {
                    invalidNamespaceOwnerRef?.Invoke(node, r);
                }
            }
            if (node.Owners.Count > 0)
            {
                enqueue.Add(node.Uid);
            }
        }
        if (old is null && node.Resource.Namespaced && dependents.TryGetValue(node.Uid, out var waiting))
        {
            // First sight of an owner: references to it from other namespaces name an absent object.
            foreach (var d in waiting)
            {
                if (nodes.TryGetValue(d, out var dependent) && dependent.Namespace != node.Namespace
                    && dependent.Owners.FirstOrDefault(r => r.Uid == node.Uid) is { } reference)
                {
                    invalidNamespaceOwnerRef?.Invoke(dependent, reference);
                    enqueue.Add(d);
                }
            }
        }
        if (node.IsOrphaning && old?.IsOrphaning != true)
        {
            enqueue.Add(node.Uid);
        }
        if (node.IsDeletingDependents && old?.IsDeletingDependents != true)
        {
            // Foreground deletion starts: the owner and every dependent need a look.
            enqueue.Add(node.Uid);
            if (dependents.TryGetValue(node.Uid, out var deps))
            {
                foreach (var d in deps)
                {
                    enqueue.Add(d);
                }
            }
        }
    }

    private void RemoveLocked(string uid, ICollection<string> enqueue)
    {
        if (!nodes.Remove(uid, out var node))
        {
            return;
        }
        if (byResource.TryGetValue(node.ResourceKey, out var members))
        {
            members.Remove(uid);
        }
        foreach (var r in node.Owners)
        {
            Unlink(r.Uid, uid);
            if (nodes.TryGetValue(r.Uid, out var owner) && owner.IsDeletingDependents)
            {
                enqueue.Add(owner.Uid);
            }
        }
        // Dependents keep their entry: they still name this uid until they are collected or lose the reference.
        if (dependents.TryGetValue(uid, out var deps))
        {
            foreach (var d in deps)
            {
                enqueue.Add(d);
            }
        }
    }

    private void Link(string ownerUid, string dependentUid)
    {
        if (!dependents.TryGetValue(ownerUid, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            dependents[ownerUid] = set;
        }
        set.Add(dependentUid);
    }

    private void Unlink(string ownerUid, string dependentUid)
    {
        if (dependents.TryGetValue(ownerUid, out var set) && set.Remove(dependentUid) && set.Count == 0)
        {
            dependents.Remove(ownerUid);
        }
    }

    private static bool SameOwners(IReadOnlyList<OwnerReference> a, IReadOnlyList<OwnerReference> b) =>
        a.Count == b.Count && a.SequenceEqual(b);
}
