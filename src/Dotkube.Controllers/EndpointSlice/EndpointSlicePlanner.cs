using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.EndpointSlice;

/// <summary>
/// Decides how a Service's existing EndpointSlices change to carry the desired endpoints, with as
/// few writes as it can (upstream's reconcileByPortMapping, simplified): one family of slices per
/// resolved port set; endpoints stay in the slice they are in (updated in place when they
/// changed, removed when gone); new endpoints fill slices that are written anyway, then slices
/// with room, then new slices of at most <see cref="MaxEndpointsPerSlice"/>; empty slices go. A
/// Service with no endpoints at all keeps one empty placeholder slice, as upstream.
/// </summary>
public static class EndpointSlicePlanner
{
    /// <summary>Upstream's --max-endpoints-per-slice default.</summary>
    public const int MaxEndpointsPerSlice = 100;

    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    public const string AddressType = "IPv4";

    public static SlicePlan Plan(V1Service service, DesiredEndpoints desired, IReadOnlyList<V1EndpointSlice> existing, DateTime? triggerTime, int maxPerSlice = MaxEndpointsPerSlice)
    {
        var plan = new SlicePlan([], [], []);
        var labels = LabelsFor(service);
        var ours = new List<V1EndpointSlice>();
        foreach (var slice in existing)
        {
            (slice.AddressType == AddressType ? ours : plan.ToDelete).Add(slice);
        }
        if (desired.Count == 0)
        {
            PlanPlaceholder(service, ours, labels, triggerTime, plan);
            return plan;
        }
        var byKey = ours.GroupBy(s => EndpointSliceBuilder.PortKey(s.Ports)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (key, slices) in byKey)
        {
            if (!desired.Groups.ContainsKey(key))
            {
                plan.ToDelete.AddRange(slices);
            }
        }
        foreach (var group in desired.Groups.Values)
        {
            PlanGroup(service, group, byKey.GetValueOrDefault(group.Key) ?? [], labels, triggerTime, maxPerSlice, plan);
        }
        return plan;
    }

    private static void PlanGroup(V1Service service, PortGroup group, List<V1EndpointSlice> slices, Dictionary<string, string> labels, DateTime? triggerTime, int maxPerSlice, SlicePlan plan)
    {
        var remaining = new Dictionary<string, V1Endpoint>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var endpoint in group.Endpoints)
        {
            var k = AddressKey(endpoint);
            if (remaining.TryAdd(k, endpoint))
            {
                order.Add(k);
            }
        }
        var changed = new List<(V1EndpointSlice Original, List<V1Endpoint> Endpoints)>();
        var unchanged = new List<(V1EndpointSlice Original, List<V1Endpoint> Endpoints)>();
        var emptied = new List<V1EndpointSlice>();
        foreach (var slice in slices)
        {
            var kept = new List<V1Endpoint>();
            var dirty = false;
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (remaining.Remove(AddressKey(endpoint), out var wanted))
                {
                    dirty |= !EndpointSliceBuilder.SameEndpoint(endpoint, wanted);
                    kept.Add(wanted);
                }
                else
                {
                    dirty = true;
                }
            }
            if (kept.Count == 0)
            {
                emptied.Add(slice);
            }
            else if (dirty || !MetadataCurrent(slice, labels))
            {
                changed.Add((slice, kept));
            }
            else
            {
                unchanged.Add((slice, kept));
            }
        }
        var queue = new Queue<V1Endpoint>(order.Where(remaining.ContainsKey).Select(k => remaining[k]));
        // Fill slices written anyway first, then ones with room (they become writes), then reuse emptied ones.
        foreach (var (_, endpoints) in changed)
        {
            Fill(endpoints, queue, maxPerSlice);
        }
        foreach (var entry in unchanged.OrderBy(u => u.Endpoints.Count).ToList())
        {
            if (queue.Count == 0)
            {
                break;
            }
            if (entry.Endpoints.Count < maxPerSlice)
            {
                Fill(entry.Endpoints, queue, maxPerSlice);
                unchanged.Remove(entry);
                changed.Add(entry);
            }
        }
        foreach (var slice in emptied)
        {
            if (queue.Count == 0)
            {
                plan.ToDelete.Add(slice);
                continue;
            }
            var endpoints = new List<V1Endpoint>();
            Fill(endpoints, queue, maxPerSlice);
            changed.Add((slice, endpoints));
        }
        foreach (var (original, endpoints) in changed)
        {
            plan.ToUpdate.Add(Updated(original, group.Ports, endpoints, labels, triggerTime));
        }
        while (queue.Count > 0)
        {
            var endpoints = new List<V1Endpoint>();
            Fill(endpoints, queue, maxPerSlice);
            plan.ToCreate.Add(NewSlice(service, group.Ports, endpoints, labels, triggerTime));
        }
    }

    private static void PlanPlaceholder(V1Service service, List<V1EndpointSlice> ours, Dictionary<string, string> labels, DateTime? triggerTime, SlicePlan plan)
    {
        var placeholder = ours.FirstOrDefault(s => (s.Endpoints?.Count ?? 0) == 0 && (s.Ports?.Count ?? 0) == 0);
        foreach (var slice in ours.Where(s => !ReferenceEquals(s, placeholder)))
        {
            plan.ToDelete.Add(slice);
        }
        if (placeholder is null)
        {
            plan.ToCreate.Add(NewSlice(service, [], [], labels, triggerTime));
        }
        else if (!MetadataCurrent(placeholder, labels))
        {
            plan.ToUpdate.Add(Updated(placeholder, [], [], labels, triggerTime));
        }
    }

    private static void Fill(List<V1Endpoint> endpoints, Queue<V1Endpoint> queue, int maxPerSlice)
    {
        while (endpoints.Count < maxPerSlice && queue.TryDequeue(out var next))
        {
            endpoints.Add(next);
        }
    }

    /// <summary>An endpoint's identity across syncs: its pod (by UID) and address.</summary>
    private static string AddressKey(V1Endpoint endpoint) =>
        $"{endpoint.TargetRef?.Uid}/{string.Join(",", endpoint.Addresses ?? [])}";

    /// <summary>The labels of a Service's slices: the Service's own, the controller's two, and the headless marker.</summary>
    public static Dictionary<string, string> LabelsFor(V1Service service)
    {
        var labels = EndpointPods.LabelsFor(service);
        labels[ServiceNameLabel] = service.Metadata.Name;
        labels[ManagedByLabel] = ManagedBy;
        return labels;
    }

    private static bool MetadataCurrent(V1EndpointSlice slice, Dictionary<string, string> labels) =>
        EndpointPods.SameLabels(slice.Metadata.Labels, labels);

    private static V1EndpointSlice Updated(V1EndpointSlice original, List<Discoveryv1EndpointPort> ports, List<V1Endpoint> endpoints, Dictionary<string, string> labels, DateTime? triggerTime) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = original.Metadata.Name,
            NamespaceProperty = original.Metadata.NamespaceProperty,
            Uid = original.Metadata.Uid,
            ResourceVersion = original.Metadata.ResourceVersion,
            CreationTimestamp = original.Metadata.CreationTimestamp,
            Generation = original.Metadata.Generation,
            OwnerReferences = original.Metadata.OwnerReferences,
            Finalizers = original.Metadata.Finalizers,
            Labels = labels,
            Annotations = Annotations(original.Metadata.Annotations, triggerTime),
        },
        AddressType = original.AddressType,
        Ports = ports.Count > 0 ? ports : null,
        Endpoints = endpoints,
    };

    private static V1EndpointSlice NewSlice(V1Service service, List<Discoveryv1EndpointPort> ports, List<V1Endpoint> endpoints, Dictionary<string, string> labels, DateTime? triggerTime) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            GenerateName = service.Metadata.Name + "-",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = labels,
            Annotations = Annotations(null, triggerTime),
            OwnerReferences = [OwnerRefs.NewControllerRef(service.Metadata, "v1", "Service")],
        },
        AddressType = AddressType,
        Ports = ports.Count > 0 ? ports : null,
        Endpoints = endpoints,
    };

    private static Dictionary<string, string>? Annotations(IDictionary<string, string>? existing, DateTime? triggerTime)
    {
        var annotations = new Dictionary<string, string>(existing ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (triggerTime is { } t)
        {
            annotations[EndpointPods.LastChangeTriggerTime] = TriggerTimeTracker.Format(t);
        }
        else
        {
            annotations.Remove(EndpointPods.LastChangeTriggerTime);
        }
        return annotations.Count > 0 ? annotations : null;
    }
}
