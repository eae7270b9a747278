using k8s.Models;

namespace Dotkube.Scheduler;

/// <summary>
/// Binds a pod to a node: POST /api/v1/namespaces/{ns}/pods/{name}/binding with a v1 Binding
/// (metadata.name/namespace/uid of the pod, target: {kind: Node, apiVersion: v1, name: nodeName}).
/// Throwing fails the binding cycle: the assumed pod is forgotten and the pod retried after backoff.
/// </summary>
public interface IPodBinder
{
    Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken);
}
