using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// Validation of a PodSpec and a PodTemplateSpec as upstream (1.32) does it, with upstream field
/// paths and wording. Shared by Pods, PodTemplates, ReplicationControllers and every workload in
/// other groups. Expects defaulted objects (<see cref="PodSpecDefaults"/>): a missing
/// restartPolicy, say, is reported Required just as upstream reports Go's empty value.
/// </summary>
public static class PodSpecValidation
{
    public static readonly IReadOnlyList<string> RestartPolicies = ["Always", "OnFailure", "Never"];
    public static readonly IReadOnlyList<string> DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    /// <summary>Validates <paramref name="spec"/> found at <paramref name="path"/> (e.g. "spec", "spec.template.spec").</summary>
    public static void ValidatePodSpec(JsonObject? spec, string path, List<FieldError> errors)
    {
        spec ??= [];
        var volumes = VolumeValidation.ValidateVolumes(spec.Arr("volumes"), FieldPath.Child(path, "volumes"), errors);
        var restartPolicy = spec.StrOrEmpty("restartPolicy");
        ContainerValidation.ValidateContainers(spec.Arr("containers"), volumes, FieldPath.Child(path, "containers"), errors);
        ContainerValidation.ValidateInitContainers(spec.Arr("initContainers"), spec.Arr("containers"), volumes, FieldPath.Child(path, "initContainers"), errors);
        ValidateHostNetworkPorts(spec, path, errors);
        Validators.OneOf(restartPolicy, FieldPath.Child(path, "restartPolicy"), RestartPolicies, errors);
        Validators.OneOf(spec.StrOrEmpty("dnsPolicy"), FieldPath.Child(path, "dnsPolicy"), DnsPolicies, errors);
        ObjectMetaValidation.ValidateLabels(spec.Obj("nodeSelector"), FieldPath.Child(path, "nodeSelector"), errors);
        ValidateImagePullSecrets(spec.Arr("imagePullSecrets"), FieldPath.Child(path, "imagePullSecrets"), errors);
        ValidateDnsConfig(spec, FieldPath.Child(path, "dnsConfig"), errors);
        ValidateReadinessGates(spec.Arr("readinessGates"), FieldPath.Child(path, "readinessGates"), errors);
        ValidateSchedulingGates(spec.Arr("schedulingGates"), FieldPath.Child(path, "schedulingGates"), errors);
        NamedReference(spec.Str("serviceAccountName"), FieldPath.Child(path, "serviceAccountName"), errors);
        NamedReference(spec.Str("nodeName"), FieldPath.Child(path, "nodeName"), errors);
        if (spec.Int("activeDeadlineSeconds") is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "activeDeadlineSeconds"), deadline, NameValidation.InclusiveRangeError(1, int.MaxValue)));
        }
        if (spec.Str("hostname") is { Length: > 0 } hostname)
        {
            Validators.Dns1123Label(hostname, FieldPath.Child(path, "hostname"), errors);
        }
        if (spec.Str("subdomain") is { Length: > 0 } subdomain)
        {
            Validators.Dns1123Label(subdomain, FieldPath.Child(path, "subdomain"), errors);
        }
        SchedulingValidation.ValidateTolerations(spec.Arr("tolerations"), FieldPath.Child(path, "tolerations"), errors);
        ValidateHostAliases(spec.Arr("hostAliases"), FieldPath.Child(path, "hostAliases"), errors);
        NamedReference(spec.Str("priorityClassName"), FieldPath.Child(path, "priorityClassName"), errors);
        if (spec.Str("runtimeClassName") is { } runtimeClass)
        {
            Validators.Dns1123Subdomain(runtimeClass, FieldPath.Child(path, "runtimeClassName"), errors);
        }
        if (spec.Str("preemptionPolicy") is { } preemption)
        {
            Validators.OneOf(preemption, FieldPath.Child(path, "preemptionPolicy"), ["PreemptLowerPriority", "Never"], errors);
        }
        if (spec.Int("terminationGracePeriodSeconds") is null && spec.Has("terminationGracePeriodSeconds"))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), Validators.GoDisplay(spec["terminationGracePeriodSeconds"]), "must be an integer"));
        }
    }

    /// <summary>
    /// Validates a pod template at <paramref name="path"/> (e.g. "spec.template"). As upstream, its
    /// labels and annotations are reported at <c>&lt;path&gt;.labels</c> / <c>.annotations</c>.
    /// </summary>
    public static void ValidatePodTemplateSpec(JsonObject? template, string path, List<FieldError> errors)
    {
        if (template is null)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        var meta = template.Obj("metadata");
        ObjectMetaValidation.ValidateLabels(meta.Obj("labels"), FieldPath.Child(path, "labels"), errors);
        ObjectMetaValidation.ValidateAnnotations(meta.Obj("annotations"), FieldPath.Child(path, "annotations"), errors);
        var spec = template.Obj("spec");
        ValidatePodSpec(spec, FieldPath.Child(path, "spec"), errors);
        if (spec.Arr("ephemeralContainers") is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(FieldPath.Child(path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }
    }

    /// <summary>Names of other objects (service accounts, nodes, priority classes) must be DNS-1123 subdomains when set.</summary>
    private static void NamedReference(string? value, string path, List<FieldError> errors)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Validators.Dns1123Subdomain(value, path, errors);
        }
    }

    // With hostNetwork, a container's ports are the node's: hostPort (defaulted to containerPort) must equal containerPort.
    private static void ValidateHostNetworkPorts(JsonObject spec, string path, List<FieldError> errors)
    {
        if (spec.Bool("hostNetwork") != true)
        {
            return;
        }
        var containers = spec.Arr("containers").Objects().ToList();
        for (var i = 0; i < containers.Count; i++)
        {
            var ports = containers[i].Arr("ports").Objects().ToList();
            for (var p = 0; p < ports.Count; p++)
            {
                var containerPort = ports[p].Int("containerPort") ?? 0;
                if ((ports[p].Int("hostPort") ?? 0) != containerPort)
                {
                    errors.Add(FieldError.Invalid($"{path}.containers[{i}].ports[{p}].containerPort", containerPort,
                        "must match `hostPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    private static void ValidateImagePullSecrets(JsonArray? secrets, string path, List<FieldError> errors)
    {
        var list = secrets.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].Str("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Index(path, i), "name")));
            }
        }
    }

    private static void ValidateDnsConfig(JsonObject spec, string path, List<FieldError> errors)
    {
        var config = spec.Obj("dnsConfig");
        if (spec.Str("dnsPolicy") == "None")
        {
            if (config is null)
            {
                errors.Add(FieldError.Required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }
            if (config.Arr("nameservers") is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
            }
        }
        if (config is null)
        {
            return;
        }
        var nameservers = config.Arr("nameservers").Strings().ToList();
        if (nameservers.Count > 3)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "nameservers"), GoValue.StringSlice(nameservers), "must not have more than 3 nameservers"));
        }
        for (var i = 0; i < nameservers.Count; i++)
        {
            foreach (var msg in NameValidation.IsValidIP(nameservers[i]))
            {
                errors.Add(FieldError.Invalid(FieldPath.Index(FieldPath.Child(path, "nameservers"), i), nameservers[i], msg));
            }
        }
        var searches = config.Arr("searches").Strings().ToList();
        if (searches.Count > 32)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "searches"), GoValue.StringSlice(searches), "must not have more than 32 search paths"));
        }
        for (var i = 0; i < searches.Count; i++)
        {
            // A trailing dot (fully qualified) is allowed; "." alone is the root.
            var search = searches[i] == "." ? "." : searches[i].TrimEnd('.');
            if (search != ".")
            {
                Validators.Dns1123Subdomain(search, FieldPath.Index(FieldPath.Child(path, "searches"), i), errors);
            }
        }
        var options = config.Arr("options").Objects().ToList();
        for (var i = 0; i < options.Count; i++)
        {
            if (string.IsNullOrEmpty(options[i].Str("name")))
            {
                errors.Add(FieldError.Required(FieldPath.Index(FieldPath.Child(path, "options"), i), "Option.Name must not be empty"));
            }
        }
    }

    private static void ValidateReadinessGates(JsonArray? gates, string path, List<FieldError> errors)
    {
        var list = gates.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            Validators.QualifiedName(list[i].StrOrEmpty("conditionType"), FieldPath.Child(FieldPath.Index(path, i), "conditionType"), errors);
        }
    }

    private static void ValidateSchedulingGates(JsonArray? gates, string path, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = gates.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].StrOrEmpty("name");
            Validators.QualifiedName(name, FieldPath.Index(path, i), errors);
            if (!seen.Add(name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Index(path, i), name));
            }
        }
    }

    private static void ValidateHostAliases(JsonArray? aliases, string path, List<FieldError> errors)
    {
        var list = aliases.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var ip = list[i].StrOrEmpty("ip");
            foreach (var msg in NameValidation.IsValidIP(ip))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(FieldPath.Index(path, i), "ip"), ip, msg));
            }
            var hostnames = list[i].Arr("hostnames").Strings().ToList();
            for (var h = 0; h < hostnames.Count; h++)
            {
                Validators.Dns1123Subdomain(hostnames[h], FieldPath.Index(FieldPath.Child(FieldPath.Index(path, i), "hostnames"), h), errors);
            }
        }
    }
}
