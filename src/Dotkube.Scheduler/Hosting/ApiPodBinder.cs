using Dotkube.Client;
using k8s.Models;

namespace Dotkube.Scheduler.Hosting;

/// <summary>Binds through <c>pods/binding</c>, as kube-scheduler's DefaultBinder does.</summary>
public sealed class ApiPodBinder(KubeApiClient client) : IPodBinder
{
    public Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken) =>
        client.PostSubresourceAsync(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, "binding", new V1Binding
        {
            ApiVersion = "v1",
            Kind = "Binding",
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
        }, cancellationToken: cancellationToken);
}
