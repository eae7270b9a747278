using Dotkube.Client.Informers;
using Dotkube.Client.Queues;
using Dotkube.Client.Serialization;

namespace Dotkube.Client.Reconciling;

/// <summary>Informer handlers that turn notifications into queue keys.</summary>
public static class EnqueueHandlers
{
    /// <summary>Queues the key of the object itself on every add, update and delete.</summary>
    public static IResourceEventHandler<T> ForObject<T>(WorkQueue<ObjectKey> queue)
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        return ResourceEventHandler<T>.ForAny(o => queue.Add(new ObjectKey(codec.Namespace(o) ?? "", codec.Name(o) ?? "")));
    }

    /// <summary>
    /// Queues the key chosen by <paramref name="map"/> (e.g. the owning ReplicaSet of a pod); null
    /// queues nothing. On update both the old and new object are mapped, so a changed owner is seen by both.
    /// </summary>
    public static IResourceEventHandler<T> ForMapped<T>(WorkQueue<ObjectKey> queue, Func<T, ObjectKey?> map)
        where T : class
    {
        void Enqueue(T o)
        {
            if (map(o) is { } key)
            {
                queue.Add(key);
            }
        }
        return new ResourceEventHandler<T>
        {
            Added = (o, _) => Enqueue(o),
            Updated = (o, n) =>
            {
                Enqueue(o);
                Enqueue(n);
            },
            Deleted = (o, _) => Enqueue(o),
        };
    }
}
