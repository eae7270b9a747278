using Dotkube.Client;
using Dotkube.Client.Cache;
using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>
/// Turns pod notifications into the keys of the Services whose selectors match the pod (before or
/// after the change), as the endpoints controllers' pod handlers do upstream.
/// </summary>
public sealed class ServiceRouter(IObjectCache<V1Service> services, Action<ObjectKey> enqueue)
{
    public void Added(V1Pod pod, bool initialList) => EnqueueFor(pod);

    public void Updated(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        EnqueueFor(pod);
        if (!EndpointPods.SameLabels(old.Metadata.Labels, pod.Metadata.Labels))
        {
            EnqueueFor(old);
        }
    }

    public void Deleted(V1Pod pod, bool finalStateUnknown) => EnqueueFor(pod);

    private void EnqueueFor(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "";
        foreach (var service in services.List(ns))
        {
            if (EndpointPods.SelectorOf(service) is { } selector && Selectors.Matches(selector, pod.Metadata))
            {
                enqueue(new ObjectKey(ns, service.Metadata.Name));
            }
        }
    }
}
