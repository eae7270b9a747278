using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Dotkube.Client.Informers;

/// <summary>Ready-made <see cref="InformerOptions.Transform"/> functions.</summary>
public static class InformerTransforms
{
    /// <summary>
    /// Drops metadata.managedFields, as kube-controller-manager's and kube-scheduler's informers
    /// do: controllers never read them, and they are often the biggest part of a cached object.
    /// An object written back from such a cache keeps its managedFields on the server (an update
    /// without them keeps the live ones).
    /// </summary>
    public static object DropManagedFields(object obj)
    {
        switch (obj)
        {
            case IKubernetesObject<V1ObjectMeta> { Metadata: { } meta }:
                meta.ManagedFields = null;
                break;
            case JsonObject json when json["metadata"] is JsonObject meta:
                meta.Remove("managedFields");
                break;
        }
        return obj;
    }
}
