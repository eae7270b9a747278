namespace Dotkube.Client.Informers;

/// <summary>An <see cref="IResourceEventHandler{T}"/> made of delegates; unset ones do nothing.</summary>
public sealed class ResourceEventHandler<T> : IResourceEventHandler<T>
    where T : class
{
    public Action<T, bool>? Added { get; init; }

    public Action<T, T>? Updated { get; init; }

    public Action<T, bool>? Deleted { get; init; }

    /// <summary>One action for every kind of notification, given the newest state of the object.</summary>
    public static ResourceEventHandler<T> ForAny(Action<T> onAny) => new()
    {
        Added = (o, _) => onAny(o),
        Updated = (_, n) => onAny(n),
        Deleted = (o, _) => onAny(o),
    };

    public void OnAdd(T obj, bool isInInitialList) => Added?.Invoke(obj, isInInitialList);

    public void OnUpdate(T oldObj, T newObj) => Updated?.Invoke(oldObj, newObj);

    public void OnDelete(T obj, bool finalStateUnknown) => Deleted?.Invoke(obj, finalStateUnknown);
}
