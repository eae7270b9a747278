namespace Dotkube.Client;

/// <summary>A <see cref="KubeApiClient"/> bound to one resource and object type: <c>client.Resource&lt;V1Pod&gt;()</c>.</summary>
public sealed class ResourceClient<T>(KubeApiClient client, ResourceType type)
    where T : class
{
    public KubeApiClient Client { get; } = client;

    public ResourceType Type { get; } = type;

    public Task<T> GetAsync(string? ns, string name, CancellationToken cancellationToken = default) =>
        Client.GetAsync<T>(Type, ns, name, null, cancellationToken);

    public Task<T?> TryGetAsync(string? ns, string name, CancellationToken cancellationToken = default) =>
        Client.TryGetAsync<T>(Type, ns, name, cancellationToken);

    public Task<ObjectList<T>> ListAsync(string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.ListAsync<T>(Type, ns, options, cancellationToken);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? ns = null, WatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.WatchAsync<T>(Type, ns, options, cancellationToken);

    public Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.CreateAsync(Type, null, obj, options, cancellationToken);

    public Task<T> UpdateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.UpdateAsync(Type, obj, options, cancellationToken);

    public Task<T> UpdateStatusAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.UpdateStatusAsync(Type, obj, options, cancellationToken);

    public Task<T> PatchAsync(string? ns, string name, PatchType patchType, string patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default) =>
        Client.PatchAsync<T>(Type, ns, name, patchType, patch, options, subresource, cancellationToken);

    public Task DeleteAsync(string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.DeleteAsync(Type, ns, name, options, cancellationToken);
}
