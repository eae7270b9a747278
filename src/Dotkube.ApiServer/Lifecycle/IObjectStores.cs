using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// The generic stores of every registered resource: the narrow view in-process reconcilers need
/// of the API server (the garbage collector lists, watches and writes through it), so they can be
/// driven over an in-memory store in tests without an HTTP pipeline.
/// </summary>
public interface IObjectStores
{
    /// <summary>The served resources; CustomResourceDefinitions come and go at run time.</summary>
    ResourceRegistry Registry { get; }

    /// <summary>The one generic store of a registered resource.</summary>
    GenericStore For(ResourceDefinition definition);
}
