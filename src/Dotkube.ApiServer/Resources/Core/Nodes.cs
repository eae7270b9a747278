using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Nodes.</summary>
public static class Nodes
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Node",
        Plural = "nodes",
        Singular = "node",
        Namespaced = false,
        ShortNames = ["no"],
        Subresources = ["status", "proxy"],
        StoragePrefix = "/registry/minions",
        Strategy = new NodeStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Node) },
    };
}

/// <summary>
/// Nodes: registered with their status (the kubelet creates them so), podCIDRs and providerID
/// settable once, taints validated; STATUS shows Ready/NotReady[,SchedulingDisabled].
/// </summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override bool TracksGeneration => false;

    public override void Default(JsonObject obj)
    {
        if (obj.Obj("status") is { } status && status.Obj("capacity") is { } capacity && status["allocatable"] is null)
        {
            status["allocatable"] = capacity.DeepClone();
        }
    }

    // Unlike most resources, a node keeps the status it is created with.
    public override void PrepareForCreate(JsonObject obj)
    {
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var cidrs = spec.Arr("podCIDRs").Strings().ToList();
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(cidrs[i], out _))
            {
                errors.Add(FieldError.Invalid($"spec.podCIDRs[{i}]", cidrs[i], "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
            }
        }
        if (cidrs.Count > 2)
        {
            errors.Add(FieldError.Invalid("spec.podCIDRs", GoValue.StringSlice(cidrs), "may specify no more than one CIDR for each IP family"));
        }
        var taints = spec.Arr("taints").Objects().ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < taints.Count; i++)
        {
            var at = $"spec.taints[{i}]";
            var key = taints[i].StrOrEmpty("key");
            Validators.QualifiedName(key, at + ".key", errors);
            var value = taints[i].StrOrEmpty("value");
            foreach (var msg in NameValidation.IsValidLabelValue(value))
            {
                errors.Add(FieldError.Invalid(at + ".value", value, msg));
            }
            var effect = taints[i].StrOrEmpty("effect");
            Validators.OneOf(effect, at + ".effect", SchedulingValidation.TaintEffects, errors);
            if (!seen.Add(key + ":" + effect))
            {
                errors.Add(FieldError.Duplicate(at, $"{key}={value}:{effect}") with { Detail = "taints must be unique by key and effect pair" });
            }
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var oldSpec = old.Obj("spec");
        var oldCidrs = oldSpec.Arr("podCIDRs").Strings().ToList();
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(spec.Arr("podCIDRs").Strings()))
        {
            errors.Add(FieldError.Forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
        }
        if (oldSpec.StrOrEmpty("providerID").Length > 0 && oldSpec.StrOrEmpty("providerID") != spec.StrOrEmpty("providerID"))
        {
            errors.Add(FieldError.Forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }
        errors.AddRange(Validate(obj));
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Status", "string", "", "The status of the node", 0, (o, _) => Status(o)),
        new("Roles", "string", "", "The roles of the node", 0, (o, _) => Roles(o)),
        TableColumn.AgeColumn,
        new("Version", "string", "", ColumnDocs.KubeletVersion, 0, (o, _) => o.Obj("status").Obj("nodeInfo").StrOrEmpty("kubeletVersion")),
        new("Internal-IP", "string", "", ColumnDocs.NodeAddresses, 1, (o, _) => Address(o, "InternalIP")),
        new("External-IP", "string", "", ColumnDocs.NodeAddresses, 1, (o, _) => Address(o, "ExternalIP")),
        new("OS-Image", "string", "", ColumnDocs.OsImage, 1, (o, _) => Unknown(o.Obj("status").Obj("nodeInfo").Str("osImage"))),
        new("Kernel-Version", "string", "", ColumnDocs.KernelVersion, 1, (o, _) => Unknown(o.Obj("status").Obj("nodeInfo").Str("kernelVersion"))),
        new("Container-Runtime", "string", "", ColumnDocs.ContainerRuntimeVersion, 1, (o, _) => Unknown(o.Obj("status").Obj("nodeInfo").Str("containerRuntimeVersion"))),
    ];

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes) =>
        attributes["spec.unschedulable"] = obj.Obj("spec").Bool("unschedulable") == true ? "true" : "false";

    public static string Status(JsonObject node)
    {
        var parts = new List<string>();
        if (node.Obj("status").Arr("conditions").Objects().LastOrDefault(c => c.Str("type") == "Ready") is { } ready)
        {
            parts.Add(ready.Str("status") == "True" ? "Ready" : "NotReady");
        }
        else
        {
            parts.Add("Unknown");
        }
        if (node.Obj("spec").Bool("unschedulable") == true)
        {
            parts.Add("SchedulingDisabled");
        }
        return string.Join(",", parts);
    }

    /// <summary>Roles from node-role.kubernetes.io/&lt;role&gt; labels and the legacy kubernetes.io/role label, sorted.</summary>
    public static string Roles(JsonObject node)
    {
        const string prefix = "node-role.kubernetes.io/";
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Obj("metadata").Obj("labels") ?? [])
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
            {
                roles.Add(key[prefix.Length..]);
            }
            else if (key == "kubernetes.io/role" && JsonFields.AsString(value) is { Length: > 0 } role)
            {
                roles.Add(role);
            }
        }
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(JsonObject node, string type) =>
        node.Obj("status").Arr("addresses").Objects().FirstOrDefault(a => a.Str("type") == type)?.Str("address") ?? "<none>";

    private static string Unknown(string? value) => string.IsNullOrEmpty(value) ? "<unknown>" : value;
}
