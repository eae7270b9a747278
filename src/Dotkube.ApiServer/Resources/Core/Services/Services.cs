using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Services.</summary>
public static class Services
{
    public static ResourceDefinition CreateDefinition(IServiceIPAllocator ips, INodePortAllocator nodePorts) => new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Service",
        Plural = "services",
        Singular = "service",
        Namespaced = true,
        ShortNames = ["svc"],
        Categories = ["all"],
        Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        Subresources = ["status", "proxy"],
        ReturnDeletedObject = true,
        StoragePrefix = "/registry/services/specs",
        Strategy = new ServiceStrategy(ips, nodePorts),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Service) },
    };

    public static bool NeedsClusterIP(JsonObject svc) => svc.Obj("spec").StrOrEmpty("type") != "ExternalName";

    public static bool NeedsNodePorts(JsonObject svc) => svc.Obj("spec").StrOrEmpty("type") is "NodePort" or "LoadBalancer";
}

/// <summary>
/// Services: upstream defaults (ClusterIP, TCP, targetPort = port, single-stack IPv4, Cluster
/// traffic policy), a cluster IP and node ports allocated on create (and kept across updates that
/// omit them), clusterIPs immutable once set.
/// </summary>
public sealed class ServiceStrategy(IServiceIPAllocator ips, INodePortAllocator nodePorts) : ResourceStrategy, IAllocatingStrategy
{
    public override bool HasStatus => true;

    // Services do not carry metadata.generation upstream.
    public override bool TracksGeneration => false;

    public override IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1035Label(name);

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        spec.DefaultString("sessionAffinity", "None");
        if (spec.Str("sessionAffinity") == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (spec.Str("sessionAffinity") == "ClientIP" && spec.Obj("sessionAffinityConfig").Obj("clientIP").Int("timeoutSeconds") is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 10800 } };
        }
        spec.DefaultString("type", "ClusterIP");
        foreach (var port in spec.Arr("ports").Objects())
        {
            port.DefaultString("protocol", "TCP");
            var target = port["targetPort"];
            if (target is null || JsonFields.AsLong(target) == 0 || JsonFields.AsString(target) == "")
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }
        var type = spec.StrOrEmpty("type");
        var externallyAccessible = type is "NodePort" or "LoadBalancer" || (type == "ClusterIP" && spec.Arr("externalIPs") is { Count: > 0 });
        if (externallyAccessible)
        {
            spec.DefaultString("externalTrafficPolicy", "Cluster");
        }
        if (type is "ClusterIP" or "NodePort" or "LoadBalancer")
        {
            spec.Default("internalTrafficPolicy", "Cluster");
        }
        if (type == "LoadBalancer")
        {
            spec.Default("allocateLoadBalancerNodePorts", true);
        }
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        var spec = obj.EnsureObj("spec");
        if (Services.NeedsClusterIP(obj))
        {
            DefaultIPFamilies(spec);
            var clusterIP = spec.StrOrEmpty("clusterIP");
            if (clusterIP.Length == 0 && spec.Arr("clusterIPs").Strings().FirstOrDefault() is { } first)
            {
                clusterIP = first;
                spec["clusterIP"] = first;
            }
            if (clusterIP.Length > 0 && spec.Arr("clusterIPs") is not { Count: > 0 })
            {
                spec["clusterIPs"] = new JsonArray(clusterIP);
            }
        }
        // Allocate only what would pass validation, so a refused create leaks nothing.
        var errors = new List<FieldError>();
        ServiceValidation.Validate(obj, errors);
        if (errors.Count > 0)
        {
            return;
        }
        AllocateClusterIP(obj, spec);
        AllocateNodePorts(obj, spec, null);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        var spec = obj.EnsureObj("spec");
        var oldSpec = old.Obj("spec") ?? [];
        if (Services.NeedsClusterIP(old) && Services.NeedsClusterIP(obj))
        {
            // Clients resubmitting what they created must not lose what the server allocated.
            foreach (var field in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy" })
            {
                if ((spec[field] is null || spec.Str(field) == "" || spec[field] is JsonArray { Count: 0 }) && oldSpec[field] is { } value)
                {
                    spec[field] = value.DeepClone();
                }
            }
        }
        if (Services.NeedsNodePorts(old) && Services.NeedsNodePorts(obj))
        {
            var oldByName = oldSpec.Arr("ports").Objects().GroupBy(p => p.StrOrEmpty("name")).ToDictionary(g => g.Key, g => g.First().Int("nodePort") ?? 0);
            var used = spec.Arr("ports").Objects().Select(p => p.Int("nodePort") ?? 0).Where(p => p != 0).ToHashSet();
            foreach (var port in spec.Arr("ports").Objects())
            {
                if ((port.Int("nodePort") ?? 0) == 0 && oldByName.TryGetValue(port.StrOrEmpty("name"), out var previous) && previous != 0 && !used.Contains(previous))
                {
                    port["nodePort"] = previous;
                    used.Add(previous);
                }
            }
        }
        else if (Services.NeedsNodePorts(old))
        {
            // Leaving NodePort/LoadBalancer: node ports the client merely carried over go away.
            var oldPorts = oldSpec.Arr("ports").Objects().Select(p => p.Int("nodePort") ?? 0).ToHashSet();
            foreach (var port in spec.Arr("ports").Objects().Where(p => oldPorts.Contains(p.Int("nodePort") ?? 0)))
            {
                port.Remove("nodePort");
            }
        }
        if (Services.NeedsClusterIP(obj))
        {
            DefaultIPFamilies(spec);
        }
        var errors = new List<FieldError>();
        ServiceValidation.ValidateUpdate(obj, old, errors);
        if (errors.Count > 0)
        {
            return;
        }
        if (!Services.NeedsClusterIP(old))
        {
            AllocateClusterIP(obj, spec);
        }
        AllocateNodePorts(obj, spec, old);
        ReleaseDropped(obj, old);
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        ServiceValidation.Validate(obj, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        ServiceValidation.ValidateUpdate(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } = ServiceTable.Columns;

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
        attributes["spec.clusterIP"] = obj.Obj("spec").StrOrEmpty("clusterIP");
        attributes["spec.type"] = obj.Obj("spec").StrOrEmpty("type");
    }

    /// <summary>Records the cluster IPs and node ports of a stored Service (start-up).</summary>
    public void MarkAllocations(JsonObject svc)
    {
        foreach (var ip in svc.Obj("spec").Arr("clusterIPs").Strings().Where(ip => ip != "None"))
        {
            ips.MarkAllocated(ip);
        }
        foreach (var port in svc.Obj("spec").Arr("ports").Objects())
        {
            if ((port.Int("nodePort") ?? 0) is var p and not 0)
            {
                nodePorts.MarkAllocated((int)p);
            }
        }
    }

    /// <summary>Returns a Service's cluster IPs and node ports to the allocators (on delete, or when a create fails after preparing).</summary>
    public void ReleaseAllocations(JsonObject svc)
    {
        foreach (var ip in svc.Obj("spec").Arr("clusterIPs").Strings().Where(ip => ip != "None"))
        {
            ips.Release(ip);
        }
        foreach (var port in svc.Obj("spec").Arr("ports").Objects())
        {
            if ((port.Int("nodePort") ?? 0) is var p and not 0)
            {
                nodePorts.Release((int)p);
            }
        }
    }

    private static void DefaultIPFamilies(JsonObject spec)
    {
        spec.DefaultString("ipFamilyPolicy", "SingleStack");
        if (spec.Arr("ipFamilies") is not { Count: > 0 })
        {
            spec["ipFamilies"] = new JsonArray("IPv4");
        }
    }

    private void AllocateClusterIP(JsonObject svc, JsonObject spec)
    {
        if (!Services.NeedsClusterIP(svc))
        {
            return;
        }
        var clusterIP = spec.StrOrEmpty("clusterIP");
        if (clusterIP == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }
        try
        {
            if (clusterIP.Length == 0)
            {
                clusterIP = ips.AllocateNext();
            }
            else
            {
                ips.Allocate(clusterIP);
            }
        }
        catch (AllocationException e)
        {
            throw StatusException.Invalid("", "Service", svc.Name(),
                [FieldError.Invalid("spec.clusterIPs", GoValue.StringSlice([clusterIP]), $"failed to allocate IP {clusterIP}: {e.Message}")]);
        }
        spec["clusterIP"] = clusterIP;
        spec["clusterIPs"] = new JsonArray(clusterIP);
    }

    private void AllocateNodePorts(JsonObject svc, JsonObject spec, JsonObject? old)
    {
        if (!Services.NeedsNodePorts(svc))
        {
            return;
        }
        var held = old is not null && Services.NeedsNodePorts(old)
            ? old.Obj("spec").Arr("ports").Objects().Select(p => p.Int("nodePort") ?? 0).Where(p => p != 0).ToHashSet()
            : [];
        var taken = new List<int>();
        var ports = spec.Arr("ports").Objects().ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            var nodePort = (int)(ports[i].Int("nodePort") ?? 0);
            if (held.Contains(nodePort))
            {
                continue;
            }
            try
            {
                if (nodePort == 0)
                {
                    nodePort = nodePorts.AllocateNext();
                }
                else
                {
                    nodePorts.Allocate(nodePort);
                }
                taken.Add(nodePort);
                ports[i]["nodePort"] = nodePort;
            }
            catch (AllocationException e)
            {
                foreach (var p in taken)
                {
                    nodePorts.Release(p);
                }
                throw StatusException.Invalid("", "Service", svc.Name(), [FieldError.Invalid($"spec.ports[{i}].nodePort", (long)nodePort, e.Message)]);
            }
        }
    }

    private void ReleaseDropped(JsonObject svc, JsonObject old)
    {
        var keptIPs = svc.Obj("spec").Arr("clusterIPs").Strings().ToHashSet(StringComparer.Ordinal);
        foreach (var ip in old.Obj("spec").Arr("clusterIPs").Strings().Where(ip => ip != "None" && !keptIPs.Contains(ip)))
        {
            ips.Release(ip);
        }
        var keptPorts = svc.Obj("spec").Arr("ports").Objects().Select(p => p.Int("nodePort") ?? 0).ToHashSet();
        foreach (var port in old.Obj("spec").Arr("ports").Objects().Select(p => p.Int("nodePort") ?? 0).Where(p => p != 0 && !keptPorts.Contains(p)))
        {
            nodePorts.Release((int)port);
        }
    }
}

/// <summary>The service table's columns.</summary>
internal static class ServiceTable
{
    private const int LoadBalancerWidth = 16;

    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        TableColumn.NameColumn,
        new("Type", "string", "", ColumnDocs.ServiceType, 0, (o, _) => o.Obj("spec").StrOrEmpty("type")),
        new("Cluster-IP", "string", "", ColumnDocs.ServiceClusterIP, 0,
            (o, _) => o.Obj("spec").Arr("clusterIPs").Strings().FirstOrDefault() ?? "<none>"),
        new("External-IP", "string", "", ColumnDocs.ServiceExternalIPs, 0, (o, _) => ExternalIP(o, wide: false)),
        new("Port(s)", "string", "", ColumnDocs.ServicePorts, 0, (o, _) => Ports(o)),
        TableColumn.AgeColumn,
        new("Selector", "string", "", ColumnDocs.ServiceSelector, 1, (o, _) => TableFormat.Labels(o.Obj("spec").Obj("selector"))),
    ];

    public static string Ports(JsonObject svc)
    {
        var text = string.Join(",", svc.Obj("spec").Arr("ports").Objects().Select(p =>
        {
            var nodePort = p.Int("nodePort") ?? 0;
            return nodePort > 0 ? $"{p.Int("port") ?? 0}:{nodePort}/{p.StrOrEmpty("protocol")}" : $"{p.Int("port") ?? 0}/{p.StrOrEmpty("protocol")}";
        }));
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>
    /// Upstream's EXTERNAL-IP cell. A Table is computed once for every output mode, and kubectl
    /// asks the server for its default (non-wide) form, so load balancer lists are clipped.
    /// </summary>
    public static string ExternalIP(JsonObject svc, bool wide)
    {
        var spec = svc.Obj("spec");
        var externalIPs = spec.Arr("externalIPs").Strings().ToList();
        switch (spec.StrOrEmpty("type"))
        {
            case "ClusterIP" or "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : "<none>";
            case "LoadBalancer":
                var lb = string.Join(",", svc.Obj("status").Obj("loadBalancer").Arr("ingress").Objects()
                    .Select(i => i.Str("ip") is { Length: > 0 } ip ? ip : i.StrOrEmpty("hostname"))
                    .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                if (!wide && lb.Length > LoadBalancerWidth)
                {
                    lb = lb[..(LoadBalancerWidth - 3)] + "...";
                }
                if (externalIPs.Count > 0)
                {
                    return string.Join(",", (lb.Length > 0 ? lb.Split(',') : []).Concat(externalIPs));
                }
                return lb.Length > 0 ? lb : "<pending>";
            case "ExternalName":
                return spec.StrOrEmpty("externalName");
            default:
                return "<unknown>";
        }
    }
}
