namespace Dotkube.Client.Informers;

/// <summary>
/// Receives an informer's notifications, in order, on a thread of the informer's own (one per
/// handler, so a slow handler does not hold up others). Handlers should be quick: enqueue a key.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : class
{
    /// <summary>An object appeared; <paramref name="isInInitialList"/> when it came with the first list (or a replay to a late handler).</summary>
    void OnAdd(T obj, bool isInInitialList);

    /// <summary>An object changed; also called with the same object twice on each resync.</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>
    /// An object went away. <paramref name="finalStateUnknown"/> is true when the deletion was
    /// noticed by a relist rather than a watch event: <paramref name="obj"/> is then the last state
    /// the cache had (client-go's DeletedFinalStateUnknown tombstone).
    /// </summary>
    void OnDelete(T obj, bool finalStateUnknown);
}
