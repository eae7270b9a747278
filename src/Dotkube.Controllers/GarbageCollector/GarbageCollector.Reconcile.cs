using Dotkube.Client;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.GarbageCollector;

/// <summary>What the collector decides for one object, always on a live read of it and of its owners.</summary>
public sealed partial class GarbageCollector
{
    /// <summary>How one owner reference of a dependent stands, read live.</summary>
    internal enum OwnerState
    {
        /// <summary>The owner exists and is not waiting for its dependents.</summary>
        Solid,

        /// <summary>No object with that uid exists where the reference points (gone, never created, or in another namespace).</summary>
        Dangling,

        /// <summary>The owner is being deleted in the foreground: its dependents go first.</summary>
        WaitingForDependents,

        /// <summary>The reference names a kind or version not served (yet): decide nothing, try again.</summary>
        Unresolvable,

        /// <summary>A cluster-scoped object names a namespaced owner: never valid, never collected.</summary>
        InvalidScope,
    }

    /// <returns>true when the object is done with; false to look again after a backoff.</returns>
    internal async Task<bool> ReconcileAsync(string uid, CancellationToken ct)
    {
        var known = graph.Get(uid);
        if (known is null)
        {
            // Never seen, or already gone: whoever depends on it was queued when it went.
            return true;
        }
        var live = await client.TryGetAsync<PartialObjectMetadata>(known.Resource, known.Namespace, known.Name, ct);
        if (live is null || live.Metadata.Uid != uid)
        {
            ForgetGone(uid);
            return true;
        }
        var item = GarbageCollectorNode.From(known.Resource, live);
        if (item.IsOrphaning)
        {
            await OrphanDependentsAsync(item, ct);
            return true;
        }
        if (item.IsDeletingDependents)
        {
            await ProcessDeletingDependentsAsync(item, ct);
            return true;
        }
        if (item.Deleting || item.Owners.Count == 0)
        {
            // Being deleted is a one-way trip: its dependents are looked at once it is gone.
            return true;
        }
        return await AttemptToDeleteAsync(item, ct);
    }

    /// <summary>
    /// Orphan propagation: every dependent loses its reference to the owner, then the owner loses
    /// its "orphan" finalizer (and goes, when it was the last one).
    /// </summary>
    private async Task OrphanDependentsAsync(GarbageCollectorNode owner, CancellationToken ct)
    {
        var orphaned = 0;
        foreach (var dependent in graph.DependentsOf(owner.Uid))
        {
            // A reference from another namespace names an absent owner there, not this one.
            if (dependent.CanBeOwnedBy(owner) && await RemoveOwnerReferencesAsync(dependent, [owner.Uid], ct))
            {
                orphaned++;
            }
        }
        await RemoveFinalizerAsync(owner, GarbageCollectorNode.OrphanFinalizerName, ct);
        logger.LogInformation("garbage collector: orphaned {Count} dependents of {Owner}", orphaned, owner);
    }

    /// <summary>
    /// Foreground propagation: the owner stays while a dependent with blockOwnerDeletion=true
    /// remains. Its dependents were queued when the deletion began and are deleted there; the
    /// deletion of the last blocking one queues the owner again.
    /// </summary>
    private async Task ProcessDeletingDependentsAsync(GarbageCollectorNode owner, CancellationToken ct)
    {
        var blocking = graph.DependentsOf(owner.Uid)
            .Where(d => d.CanBeOwnedBy(owner) && d.Owners.Any(r => r.Uid == owner.Uid && r.BlockOwnerDeletion))
            .ToList();
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(owner, GarbageCollectorNode.ForegroundFinalizerName, ct);
            logger.LogInformation("garbage collector: dependents of {Owner} are gone; finishing its deletion", owner);
            return;
        }
        foreach (var d in blocking.Where(d => !d.IsDeletingDependents))
        {
            queue.Add(d.Uid);
        }
    }

    /// <summary>
    /// A dependent not being deleted: kept while one owner is solid (dropping references to absent
    /// owners and to owners waiting on it), deleted otherwise — in the foreground when an owner waits
    /// for it and it has dependents of its own, so the wait covers the whole subtree.
    /// </summary>
    private async Task<bool> AttemptToDeleteAsync(GarbageCollectorNode item, CancellationToken ct)
    {
        var solid = new List<OwnerReference>();
        var dropped = new List<string>();
        var waiting = 0;
        foreach (var r in item.Owners)
        {
            switch (await ClassifyAsync(item, r, ct))
            {
                case OwnerState.Solid:
                    solid.Add(r);
                    break;
                case OwnerState.Dangling:
                    dropped.Add(r.Uid);
                    break;
                case OwnerState.WaitingForDependents:
                    dropped.Add(r.Uid);
                    waiting++;
                    break;
                case OwnerState.Unresolvable:
                    LogUnresolvable(item, r);
                    return false;
                case OwnerState.InvalidScope:
                    // Will not resolve by retrying: say so once, as an event on the dependent.
                    logger.LogWarning(
                        "garbage collector: {Object} is cluster-scoped but names the namespaced {Kind} {Name} ({ApiVersion}) as owner; it is never collected",
                        item, r.Kind, r.Name, r.ApiVersion);
                    ReportInvalidNamespaceOwnerRef(item, r);
                    return true;
            }
        }
        if (solid.Count > 0)
        {
            if (dropped.Count > 0)
            {
                // An owner waiting on this object would wait forever if the reference stayed.
                await RemoveOwnerReferencesAsync(item, dropped, ct);
            }
            return true;
        }
        var ownDependents = graph.DependentsOf(item.Uid).Where(d => d.CanBeOwnedBy(item)).ToList();
        if (waiting > 0 && ownDependents.Count > 0)
        {
            var revision = item.Revision;
            if (ownDependents.Any(d => d.IsDeletingDependents))
            {
                // An owner and a dependent both wait on dependents: a possible cycle. As upstream,
                // stop this object from blocking its owners before deleting it in the foreground.
                revision = await UnblockOwnerReferencesAsync(item, ct) ?? revision;
            }
            return await DeleteAsync(item, revision, "Foreground", ct);
        }
        // No owner left: honour a propagation an earlier delete asked for, else background.
        var policy = item.OrphanFinalizer ? "Orphan" : item.ForegroundFinalizer ? "Foreground" : "Background";
        return await DeleteAsync(item, item.Revision, policy, ct);
    }

    internal async Task<OwnerState> ClassifyAsync(GarbageCollectorNode item, OwnerReference reference, CancellationToken ct)
    {
        var type = discovery.Find(reference.Group, reference.Version, reference.Kind)?.Type;
        if (type is null)
        {
            return OwnerState.Unresolvable;
        }
        if (type.Namespaced && !item.Resource.Namespaced)
        {
            return OwnerState.InvalidScope;
        }
        // Absence is verified with a live read, never concluded from the informers' caches.
        var owner = await client.TryGetAsync<PartialObjectMetadata>(type, type.Namespaced ? item.Namespace : "", reference.Name, ct);
        if (owner is null || owner.Metadata.Uid != reference.Uid)
        {
            return OwnerState.Dangling;
        }
        return GarbageCollectorNode.From(type, owner).IsDeletingDependents ? OwnerState.WaitingForDependents : OwnerState.Solid;
    }

    private void LogUnresolvable(GarbageCollectorNode item, OwnerReference r)
    {
        // Retried with backoff; say so once rather than at every retry.
        var level = queue.Failures(item.Uid) == 0 ? LogLevel.Information : LogLevel.Debug;
        logger.Log(level, "garbage collector: owner {Kind} {Name} ({ApiVersion}) of {Object} is not a served resource; will look again", r.Kind, r.Name, r.ApiVersion, item);
    }

    /// <summary>The object is gone: forget it, which queues its dependents and any owner waiting on it.</summary>
    private void ForgetGone(string uid)
    {
        var enqueue = new List<string>();
        graph.Remove(uid, enqueue);
        queue.Forget(uid);
        Enqueue(enqueue);
    }
}
