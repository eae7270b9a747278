using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>The core ("" group, v1) resources.</summary>
public static class CoreResources
{
    /// <summary>The process-wide default allocators behind <see cref="All"/>; the server should rebuild their state from storage at start-up.</summary>
    public static InMemoryServiceIPAllocator DefaultServiceIPs { get; } = new();

    public static InMemoryNodePortAllocator DefaultNodePorts { get; } = new();

    /// <summary>Every core resource, with services allocating from the default in-memory allocators.</summary>
    public static IReadOnlyList<ResourceDefinition> All { get; } = Create(DefaultServiceIPs, DefaultNodePorts);

    /// <summary>Every core resource, with services allocating from the given allocators.</summary>
    public static IReadOnlyList<ResourceDefinition> Create(IServiceIPAllocator serviceIPs, INodePortAllocator nodePorts) =>
    [
        Namespaces.Definition,
        Pods.Definition,
        Services.CreateDefinition(serviceIPs, nodePorts),
        Endpoints.Definition,
        ConfigMaps.Definition,
        Secrets.Definition,
        ServiceAccounts.Definition,
        Nodes.Definition,
        Events.Definition,
        PersistentVolumes.Definition,
        PersistentVolumeClaims.Definition,
        LimitRanges.Definition,
        ResourceQuotas.Definition,
        PodTemplates.Definition,
        ReplicationControllers.Definition,
    ];
}
