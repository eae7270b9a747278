namespace Dotkube.Client.Informers;

/// <summary>
/// A resource seen as metadata alone (<see cref="PartialObjectMetadata"/>), from
/// <see cref="SharedInformerFactory.GetMetadata"/>: either a view over a shared informer that
/// already watches the resource (no second watch, no second decode), or a metadata-only informer
/// of its own. Disposing it unregisters its handlers and stops an informer of its own; a shared
/// one keeps running for its other users.
/// </summary>
public sealed class MetadataInformer : IAsyncDisposable
{
    private readonly IInformer source;
    private readonly bool owned;
    private readonly List<IDisposable> handlers = [];
    private readonly Lock gate = new();

    internal MetadataInformer(IInformer source, bool owned)
    {
        this.source = source;
        this.owned = owned;
    }

    public ResourceType Resource => source.Resource;

    /// <summary>True when this is a view over another user's informer rather than a watch of its own.</summary>
    public bool IsShared => !owned;

    /// <summary>The informer the objects come from.</summary>
    public IInformer Source => source;

    public bool HasSynced => source.HasSynced;

    public IDisposable AddHandler(IResourceEventHandler<PartialObjectMetadata> handler)
    {
        var registration = source.AddMetadataHandler(handler);
        lock (gate)
        {
            handlers.Add(registration);
        }
        return registration;
    }

    public IDisposable AddHandler(Action<PartialObjectMetadata, bool>? onAdd = null, Action<PartialObjectMetadata, PartialObjectMetadata>? onUpdate = null, Action<PartialObjectMetadata, bool>? onDelete = null) =>
        AddHandler(new ResourceEventHandler<PartialObjectMetadata> { Added = onAdd, Updated = onUpdate, Deleted = onDelete });

    /// <summary>Starts an informer of its own; a shared one is started by its factory.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        if (owned)
        {
            source.Start(cancellationToken);
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => source.WaitForSyncAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        IDisposable[] registered;
        lock (gate)
        {
            registered = [.. handlers];
            handlers.Clear();
        }
        foreach (var h in registered)
        {
            h.Dispose();
        }
        if (owned)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
