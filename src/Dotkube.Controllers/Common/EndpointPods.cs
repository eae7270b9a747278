using System.Net;
using System.Net.Sockets;
using Dotkube.Client.Cache;
using Dotkube.Machinery.Selectors;
using k8s.Models;

namespace Dotkube.Controllers.Common;

/// <summary>
/// What the Endpoints and EndpointSlice controllers both ask of a Service and its pods (upstream's
/// endpointutil): which pods a Service selects, which of them belong in its endpoints, the pod's
/// address, its hostname for the Service, and a service port's number on the pod.
/// </summary>
public static class EndpointPods
{
    /// <summary>The label upstream puts on a headless Service's Endpoints and EndpointSlices.</summary>
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    /// <summary>Annotation with the time of the change that led to this endpoints state.</summary>
    public const string LastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";

    public static bool IsHeadless(V1Service service) => service.Spec?.ClusterIP == "None";

    /// <summary>
    /// The Service's pod selector, or null when the controllers must leave its endpoints alone: no
    /// selector (an empty map is no selector, as after upstream's protobuf round trip) or ExternalName.
    /// </summary>
    public static LabelSelector? SelectorOf(V1Service service)
    {
        if (service.Spec?.Type == "ExternalName" || service.Spec?.Selector is not { Count: > 0 } selector)
        {
            return null;
        }
        return LabelSelector.FromSet(selector.AsReadOnly());
    }

    /// <summary>The pods of the Service's namespace its selector matches.</summary>
    public static List<V1Pod> PodsFor(V1Service service, LabelSelector selector, IObjectCache<V1Pod> pods) =>
        pods.List(service.Metadata.NamespaceProperty ?? "").Where(p => Selectors.Matches(selector, p.Metadata)).ToList();

    /// <summary>
    /// Whether the pod is listed at all: it has an address and has not finished; a pod being deleted
    /// only when <paramref name="includeTerminating"/>.
    /// </summary>
    public static bool ShouldBeInEndpoints(V1Pod pod, bool includeTerminating)
    {
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return false;
        }
        if (AddressOf(pod) is null)
        {
            return false;
        }
        return includeTerminating || pod.Metadata.DeletionTimestamp is null;
    }

    /// <summary>The pod's IPv4 address (status.podIPs, then status.podIP); null when it has none yet.</summary>
    public static string? AddressOf(V1Pod pod)
    {
        foreach (var candidate in (pod.Status?.PodIPs ?? []).Select(p => p.Ip).Append(pod.Status?.PodIP))
        {
            if (IPAddress.TryParse(candidate, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>A pod's hostname is published for the Service its spec.subdomain names, in its own namespace.</summary>
    public static bool ShouldSetHostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec?.Hostname)
        && pod.Spec.Subdomain == service.Metadata.Name
        && pod.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty;

    /// <summary>
    /// The container port a service port reaches on this pod: a named targetPort is looked up in the
    /// pod's container ports (same name and protocol), a number is taken as is, none means the
    /// service port itself. Null when the pod has no port of that name.
    /// </summary>
    public static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return servicePort.Port;
        }
        if (int.TryParse(target, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        var protocol = servicePort.Protocol ?? "TCP";
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.Name == target && (port.Protocol ?? "TCP") == protocol)
                {
                    return port.ContainerPort;
                }
            }
        }
        return null;
    }

    /// <summary>The reference to the pod both controllers write (no resourceVersion, as upstream now).</summary>
    public static V1ObjectReference TargetRef(V1Pod pod) => new()
    {
        Kind = "Pod",
        NamespaceProperty = pod.Metadata.NamespaceProperty,
        Name = pod.Metadata.Name,
        Uid = pod.Metadata.Uid,
    };

    /// <summary>The labels of a Service's endpoints objects: the Service's own, plus the headless marker.</summary>
    public static Dictionary<string, string> LabelsFor(V1Service service)
    {
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (IsHeadless(service))
        {
            labels[HeadlessLabel] = "";
        }
        else
        {
            labels.Remove(HeadlessLabel);
        }
        return labels;
    }

    public static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
