using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>The API server's own stores, shared with its request pipeline.</summary>
public sealed class ApiObjectStores(ApiHandler api) : IObjectStores
{
    public ResourceRegistry Registry => api.Registry;

    public GenericStore For(ResourceDefinition definition) => api.StoreFor(definition);
}
