using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.Endpoints;

/// <summary>
/// The subsets of a Service's Endpoints from its pods (upstream's endpoints syncService): each
/// listed pod's address with the service ports resolved on that pod, ready pods under addresses
/// and the others under notReadyAddresses (all ready with publishNotReadyAddresses), addresses
/// with the same ports sharing one subset; above 1000 addresses the rest is cut off.
/// </summary>
public static class EndpointsBuilder
{
    /// <summary>Most addresses one Endpoints object carries (upstream's maxCapacity).</summary>
    public const int MaxCapacity = 1000;

    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

    public static List<V1EndpointSubset> Build(V1Service service, IEnumerable<V1Pod> pods)
    {
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var servicePorts = service.Spec?.Ports ?? [];
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: publishNotReady))
            {
                continue;
            }
            List<Corev1EndpointPort> ports = [];
            foreach (var servicePort in servicePorts)
            {
                if (EndpointPods.FindPort(pod, servicePort) is { } number)
                {
                    ports.Add(new Corev1EndpointPort
                    {
                        Name = string.IsNullOrEmpty(servicePort.Name) ? null : servicePort.Name,
                        Port = number,
                        Protocol = servicePort.Protocol ?? "TCP",
                        AppProtocol = servicePort.AppProtocol,
                    });
                }
            }
            // A pod none of whose ports resolve is left out; only a headless Service without
            // ports lists addresses without ports.
            if (ports.Count == 0 && !(servicePorts.Count == 0 && EndpointPods.IsHeadless(service)))
            {
                continue;
            }
            ports.Sort(ComparePorts);
            var key = string.Join(";", ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}/{p.AppProtocol}"));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Group(ports);
            }
            var address = new V1EndpointAddress
            {
                Ip = EndpointPods.AddressOf(pod),
                NodeName = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName,
                Hostname = EndpointPods.ShouldSetHostname(pod, service) ? pod.Spec!.Hostname : null,
                TargetRef = EndpointPods.TargetRef(pod),
            };
            (publishNotReady || PodUtil.IsReady(pod) ? group.Ready : group.NotReady).Add(address);
        }
        return groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.ToSubset()).ToList();
    }

    /// <summary>
    /// Cuts the subsets down to <see cref="MaxCapacity"/> addresses, as upstream: not-ready
    /// addresses go first, each subset keeping a share proportional to its size (rounded up); only
    /// when the ready ones alone are too many are they cut too, and then every not-ready one goes.
    /// True when anything was cut.
    /// </summary>
    public static bool Truncate(List<V1EndpointSubset> subsets, int maxCapacity = MaxCapacity)
    {
        var ready = subsets.Sum(s => s.Addresses?.Count ?? 0);
        var notReady = subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0);
        if (ready + notReady <= maxCapacity)
        {
            return false;
        }
        var cutReady = ready > maxCapacity;
        var room = cutReady ? maxCapacity : maxCapacity - ready;
        var total = cutReady ? ready : notReady;
        var left = room;
        foreach (var subset in subsets)
        {
            var inSubset = (cutReady ? subset.Addresses?.Count : subset.NotReadyAddresses?.Count) ?? 0;
            var keep = Math.Min((int)Math.Ceiling((double)inSubset / total * room), left);
            if (cutReady)
            {
                subset.Addresses = subset.Addresses?.Take(keep).ToList();
                subset.NotReadyAddresses = null;
                left -= subset.Addresses?.Count ?? 0;
            }
            else
            {
                subset.NotReadyAddresses = subset.NotReadyAddresses?.Take(keep).ToList();
                left -= subset.NotReadyAddresses?.Count ?? 0;
            }
        }
        return true;
    }

    /// <summary>Whether two subset lists say the same (ignoring the pods' resourceVersions).</summary>
    public static bool SameSubsets(IList<V1EndpointSubset>? a, IList<V1EndpointSubset>? b) =>
        Key(a) == Key(b);

    private static string Key(IList<V1EndpointSubset>? subsets) =>
        string.Join("|", (subsets ?? []).Select(s =>
            string.Join(";", (s.Ports ?? []).Select(p => $"{p.Name}/{p.Port}/{p.Protocol ?? "TCP"}/{p.AppProtocol}"))
            + "#" + Addresses(s.Addresses) + "#" + Addresses(s.NotReadyAddresses)));

    private static string Addresses(IList<V1EndpointAddress>? addresses) =>
        string.Join(",", (addresses ?? []).Select(a => $"{a.Ip}/{a.Hostname}/{a.NodeName}/{a.TargetRef?.Uid}/{a.TargetRef?.Name}"));

    private static int ComparePorts(Corev1EndpointPort a, Corev1EndpointPort b)
    {
        var byName = string.CompareOrdinal(a.Name, b.Name);
        return byName != 0 ? byName : a.Port.CompareTo(b.Port);
    }

    private static int CompareAddresses(V1EndpointAddress a, V1EndpointAddress b)
    {
        var byIp = CompareIp(a.Ip, b.Ip);
        return byIp != 0 ? byIp : string.CompareOrdinal(a.TargetRef?.Uid, b.TargetRef?.Uid);
    }

    /// <summary>Numeric order for IPv4 (10.0.0.9 before 10.0.0.10), text order otherwise.</summary>
    private static int CompareIp(string? a, string? b)
    {
        if (System.Net.IPAddress.TryParse(a, out var x) && System.Net.IPAddress.TryParse(b, out var y))
        {
            var bx = x.GetAddressBytes();
            var by = y.GetAddressBytes();
            if (bx.Length == by.Length)
            {
                for (var i = 0; i < bx.Length; i++)
                {
                    if (bx[i] != by[i])
                    {
                        return bx[i].CompareTo(by[i]);
                    }
                }
                return 0;
            }
        }
        return string.CompareOrdinal(a, b);
    }

    private sealed class Group(List<Corev1EndpointPort> ports)
    {
        public List<V1EndpointAddress> Ready { get; } = [];

        public List<V1EndpointAddress> NotReady { get; } = [];

        public V1EndpointSubset ToSubset()
        {
            Ready.Sort(CompareAddresses);
            NotReady.Sort(CompareAddresses);
            return new V1EndpointSubset
            {
                Addresses = Ready.Count > 0 ? Ready : null,
                NotReadyAddresses = NotReady.Count > 0 ? NotReady : null,
                Ports = ports.Count > 0 ? ports : null,
            };
        }
    }
}
