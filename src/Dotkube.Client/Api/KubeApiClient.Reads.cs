using Dotkube.Client.Serialization;

namespace Dotkube.Client;

public sealed partial class KubeApiClient
{
    /// <summary>GET one object (or one of its subresources, e.g. "scale" or "status").</summary>
    public async Task<T> GetAsync<T>(ResourceType type, string? ns, string name, string? subresource = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var codec = ObjectCodec<T>.Default;
        var body = await SendForBytesAsync(HttpMethod.Get, type.Path(ns, name, subresource), null, cancellationToken, accept: subresource is null ? codec.ObjectAccept : null).ConfigureAwait(false);
        return codec.Deserialize(body);
    }

    /// <summary>GET one object, or null when it does not exist (404).</summary>
    public async Task<T?> TryGetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default)
        where T : class
    {
        try
        {
            return await GetAsync<T>(type, ns, name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>One page of a list (or the whole list when no limit is given); ns null or empty lists all namespaces.</summary>
    public Task<ObjectList<T>> ListAsync<T>(ResourceType type, string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class => ListAsync(type, ns, options, ObjectCodec<T>.Default, cancellationToken);

    internal async Task<ObjectList<T>> ListAsync<T>(ResourceType type, string? ns, ListOptions? options, ObjectCodec<T> codec, CancellationToken cancellationToken)
        where T : class
    {
        options ??= new ListOptions();
        var query = new QueryString()
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("limit", options.Limit)
            .Add("continue", options.Continue)
            .Add("resourceVersion", options.ResourceVersion)
            .Add("resourceVersionMatch", options.ResourceVersionMatch)
            .Add("timeoutSeconds", options.TimeoutSeconds);
        var body = await SendForBytesAsync(HttpMethod.Get, type.Path(ns) + query, null, cancellationToken, accept: codec.ListAccept).ConfigureAwait(false);
        return ListDecoder.Decode(body, codec);
    }

    /// <summary>
    /// The whole list, fetched in pages of <paramref name="pageSize"/>. The result's resourceVersion
    /// is the snapshot's (every page of a paged list is read at the first page's revision). When a
    /// continue token expires mid-way (410), the list is fetched again in one call, as client-go's pager does.
    /// </summary>
    public Task<ObjectList<T>> ListAllAsync<T>(ResourceType type, string? ns, ListOptions? options = null, int pageSize = 500, CancellationToken cancellationToken = default)
        where T : class => ListAllAsync(type, ns, options, pageSize, ObjectCodec<T>.Default, cancellationToken);

    internal async Task<ObjectList<T>> ListAllAsync<T>(ResourceType type, string? ns, ListOptions? options, int pageSize, ObjectCodec<T> codec, CancellationToken cancellationToken)
        where T : class
    {
        options ??= new ListOptions();
        var items = new List<T>();
        string? resourceVersion = null;
        var page = options with { Limit = pageSize, Continue = null };
        while (true)
        {
            ObjectList<T> list;
            try
            {
                list = await ListAsync(type, ns, page, codec, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsGone && page.Continue is not null)
            {
                return await ListAsync(type, ns, options with { Limit = null, Continue = null }, codec, cancellationToken).ConfigureAwait(false);
            }
            resourceVersion ??= list.ResourceVersion;
            items.AddRange(list.Items);
            if (list.Continue is null)
            {
                return new ObjectList<T>(items, resourceVersion, null, null);
            }
            page = page with { Continue = list.Continue, ResourceVersion = null, ResourceVersionMatch = null };
        }
    }
}
