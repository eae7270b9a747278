using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.EndpointSlice;

/// <summary>The endpoints one EndpointSlice family carries: one set of resolved ports and the pods that have them.</summary>
public sealed record PortGroup(string Key, List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints);

/// <summary>What a Service's slices should hold; <see cref="MissingNodes"/> when pods were skipped because their Node is not known yet.</summary>
public sealed record DesiredEndpoints(IReadOnlyDictionary<string, PortGroup> Groups, bool MissingNodes)
{
    public int Count => Groups.Values.Sum(g => g.Endpoints.Count);
}

/// <summary>
/// The endpoints of a Service's EndpointSlices from its pods (upstream's podToEndpoint and
/// getEndpointPorts): every pod with an address that has not finished, terminating ones included;
/// conditions ready (serving and not terminating, or publishNotReadyAddresses), serving (the pod
/// is Ready) and terminating; nodeName, the node's zone, the hostname for the Service the pod's
/// subdomain names, and the pod as targetRef; grouped by the ports resolved on each pod.
/// </summary>
public static class EndpointSliceBuilder
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static DesiredEndpoints Build(V1Service service, IEnumerable<V1Pod> pods, Func<string, V1Node?> nodes)
    {
        var groups = new Dictionary<string, PortGroup>(StringComparer.Ordinal);
        var missingNodes = false;
        foreach (var pod in pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if (!EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: true))
            {
                continue;
            }
            V1Node? node = null;
            var nodeName = pod.Spec?.NodeName;
            if (!string.IsNullOrEmpty(nodeName))
            {
                node = nodes(nodeName);
                if (node is null)
                {
                    // Upstream leaves such a pod out and comes back later.
                    missingNodes = true;
                    continue;
                }
            }
            var ports = PortsOn(service, pod);
            var key = PortKey(ports);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new PortGroup(key, ports, []);
            }
            group.Endpoints.Add(EndpointFor(service, pod, node));
        }
        return new DesiredEndpoints(groups, missingNodes);
    }

    public static V1Endpoint EndpointFor(V1Service service, V1Pod pod, V1Node? node)
    {
        var serving = PodUtil.IsReady(pod);
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        string? zone = null;
        if (node?.Metadata.Labels?.TryGetValue(ZoneLabel, out var z) == true && z.Length > 0)
        {
            zone = z;
        }
        return new V1Endpoint
        {
            Addresses = [EndpointPods.AddressOf(pod)!],
            Conditions = new V1EndpointConditions
            {
                // Never ready while terminating unless the Service publishes not-ready addresses.
                Ready = service.Spec?.PublishNotReadyAddresses == true || (serving && !terminating),
                Serving = serving,
                Terminating = terminating,
            },
            Hostname = EndpointPods.ShouldSetHostname(pod, service) ? pod.Spec!.Hostname : null,
            NodeName = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName,
            Zone = zone,
            TargetRef = EndpointPods.TargetRef(pod),
        };
    }

    /// <summary>The service ports that resolve on this pod, in the Service's order.</summary>
    public static List<Discoveryv1EndpointPort> PortsOn(V1Service service, V1Pod pod)
    {
        var ports = new List<Discoveryv1EndpointPort>();
        foreach (var servicePort in service.Spec?.Ports ?? [])
        {
            if (EndpointPods.FindPort(pod, servicePort) is { } number)
            {
                ports.Add(new Discoveryv1EndpointPort
                {
                    Name = servicePort.Name ?? "",
                    Port = number,
                    Protocol = servicePort.Protocol ?? "TCP",
                    AppProtocol = servicePort.AppProtocol,
                });
            }
        }
        return ports;
    }

    /// <summary>A key equal for equal port sets, whatever their order.</summary>
    public static string PortKey(IEnumerable<Discoveryv1EndpointPort>? ports) =>
        string.Join(";", (ports ?? []).Select(p => $"{p.Name}/{p.Port}/{p.Protocol ?? "TCP"}/{p.AppProtocol}").Order(StringComparer.Ordinal));

    /// <summary>Whether two endpoints say the same.</summary>
    public static bool SameEndpoint(V1Endpoint a, V1Endpoint b) =>
        string.Join(",", a.Addresses ?? []) == string.Join(",", b.Addresses ?? [])
        && a.Conditions?.Ready == b.Conditions?.Ready
        && a.Conditions?.Serving == b.Conditions?.Serving
        && a.Conditions?.Terminating == b.Conditions?.Terminating
        && a.Hostname == b.Hostname
        && a.NodeName == b.NodeName
        && a.Zone == b.Zone
        && a.TargetRef?.Uid == b.TargetRef?.Uid
        && a.TargetRef?.Name == b.TargetRef?.Name;
}
