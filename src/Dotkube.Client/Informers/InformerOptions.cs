namespace Dotkube.Client.Informers;

public sealed record InformerOptions
{
    /// <summary>Watch one namespace; null or empty watches all (or the resource is cluster-scoped).</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Every this long, handlers get OnUpdate(obj, obj) for every cached object; zero turns resync off.</summary>
    public TimeSpan ResyncPeriod { get; init; }

    /// <summary>Page size of the list calls.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Each watch asks the server to end it after a random time between this and twice this (as
    /// client-go does), so that long-lived watches are spread over API servers and re-established.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait after a failed list or watch; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Applied to every object listed or watched before it is cached and handed to handlers
    /// (client-go's TransformFunc); it may change the object in place and must return an object
    /// of the informer's type (e.g. <see cref="InformerTransforms.DropManagedFields"/>, what
    /// kube-controller-manager and kube-scheduler use; <see cref="DropManagedFields"/> does the same cheaper).
    /// </summary>
    public Func<object, object>? Transform { get; init; }

    /// <summary>
    /// Cache objects without metadata.managedFields, skipped while decoding where the object type
    /// allows (KubernetesClient models), else dropped right after: the effect of
    /// <see cref="InformerTransforms.DropManagedFields"/> without the cost of decoding them first.
    /// </summary>
    public bool DropManagedFields { get; init; }
}
