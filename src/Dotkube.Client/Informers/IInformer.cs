namespace Dotkube.Client.Informers;

/// <summary>What a <see cref="SharedInformerFactory"/> needs of any informer, whatever its object type.</summary>
public interface IInformer : IAsyncDisposable
{
    ResourceType Resource { get; }

    bool HasSynced { get; }

    bool IsStarted { get; }

    /// <summary>Starts the list/watch loop in the background (once; later calls do nothing).</summary>
    void Start(CancellationToken cancellationToken = default);

    Task WaitForSyncAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers a handler that sees each object as its metadata alone (sharing the cached
    /// object's metadata, which it must not change), so that metadata-only consumers such as the
    /// garbage collector ride on a watch that is open anyway. Dispose the result to unregister.
    /// </summary>
    IDisposable AddMetadataHandler(IResourceEventHandler<PartialObjectMetadata> handler);
}
