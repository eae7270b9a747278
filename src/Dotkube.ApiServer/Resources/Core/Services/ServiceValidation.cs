using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>Service validation as upstream (1.32) words it.</summary>
public static class ServiceValidation
{
    public static readonly IReadOnlyList<string> Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    public static readonly IReadOnlyList<string> SessionAffinities = ["ClientIP", "None"];
    public static readonly IReadOnlyList<string> IPFamilyPolicies = ["SingleStack", "PreferDualStack", "RequireDualStack"];

    public static bool IsHeadless(JsonObject svc) => svc.Obj("spec").Str("clusterIP") == "None";

    public static void Validate(JsonObject svc, List<FieldError> errors)
    {
        var spec = svc.Obj("spec") ?? [];
        var type = spec.StrOrEmpty("type");
        var ports = spec.Arr("ports").Objects().ToList();
        if (ports.Count == 0 && !IsHeadless(svc) && type != "ExternalName")
        {
            errors.Add(FieldError.Required("spec.ports"));
        }
        if (type == "ExternalName")
        {
            if (spec.Arr("clusterIPs") is { Count: > 0 } || spec.StrOrEmpty("clusterIP").Length > 0)
            {
                errors.Add(FieldError.Forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }
            var externalName = spec.StrOrEmpty("externalName").TrimEnd('.');
            if (externalName.Length == 0)
            {
                errors.Add(FieldError.Required("spec.externalName"));
            }
            else
            {
                Validators.Dns1123Subdomain(externalName, "spec.externalName", errors);
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            ValidatePort(ports[i], ports.Count > 1, names, $"spec.ports[{i}]", errors);
        }
        ObjectMetaValidation.ValidateLabels(spec.Obj("selector"), "spec.selector", errors);
        Validators.OneOf(spec.StrOrEmpty("sessionAffinity"), "spec.sessionAffinity", SessionAffinities, errors);
        if (spec.StrOrEmpty("sessionAffinity") == "ClientIP"
            && spec.Obj("sessionAffinityConfig").Obj("clientIP").Int("timeoutSeconds") is { } timeout && timeout is <= 0 or > 86400)
        {
            errors.Add(FieldError.Invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, "must be greater than 0 and less than 86400"));
        }
        ValidateClusterIPs(spec, type, errors);
        var externalIPs = spec.Arr("externalIPs").Strings().ToList();
        for (var i = 0; i < externalIPs.Count; i++)
        {
            foreach (var msg in NameValidation.IsValidIP(externalIPs[i]))
            {
                errors.Add(FieldError.Invalid($"spec.externalIPs[{i}]", externalIPs[i], msg));
            }
        }
        Validators.OneOf(type, "spec.type", Types, errors);
        if (type == "ClusterIP")
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if ((ports[i].Int("nodePort") ?? 0) != 0)
                {
                    errors.Add(FieldError.Forbidden($"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var key = $"{ports[i].StrOrEmpty("protocol")}/{ports[i].Int("port") ?? 0}";
            if (!seen.Add(key))
            {
                errors.Add(FieldError.Duplicate($"spec.ports[{i}]", GoServicePort(ports[i])));
            }
        }
        if (type is "NodePort" or "LoadBalancer")
        {
            var nodePorts = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ports.Count; i++)
            {
                var nodePort = ports[i].Int("nodePort") ?? 0;
                if (nodePort == 0)
                {
                    continue;
                }
                foreach (var msg in NameValidation.IsValidPortNum(nodePort is > int.MaxValue or < 0 ? 0 : (int)nodePort))
                {
                    errors.Add(FieldError.Invalid($"spec.ports[{i}].nodePort", nodePort, msg));
                }
                if (!nodePorts.Add($"{ports[i].StrOrEmpty("protocol")}/{nodePort}"))
                {
                    errors.Add(FieldError.Duplicate($"spec.ports[{i}].nodePort", nodePort));
                }
            }
        }
        if (spec.Str("internalTrafficPolicy") is { } itp)
        {
            Validators.OneOf(itp, "spec.internalTrafficPolicy", ["Cluster", "Local"], errors);
        }
        if (spec.Str("externalTrafficPolicy") is { Length: > 0 } etp)
        {
            Validators.OneOf(etp, "spec.externalTrafficPolicy", ["Cluster", "Local"], errors);
        }
        if (spec.Str("ipFamilyPolicy") is { } policy)
        {
            Validators.OneOf(policy, "spec.ipFamilyPolicy", IPFamilyPolicies, errors);
        }
        var families = spec.Arr("ipFamilies").Strings().ToList();
        for (var i = 0; i < families.Count; i++)
        {
            Validators.OneOf(families[i], $"spec.ipFamilies[{i}]", ["IPv4", "IPv6"], errors);
        }
    }

    public static void ValidateUpdate(JsonObject svc, JsonObject old, List<FieldError> errors)
    {
        var spec = svc.Obj("spec") ?? [];
        var oldSpec = old.Obj("spec") ?? [];
        if (spec.StrOrEmpty("type") != "ExternalName" && oldSpec.StrOrEmpty("type") != "ExternalName"
            && !(IsHeadless(svc) && IsHeadless(old)))
        {
            var ips = spec.Arr("clusterIPs").Strings().ToList();
            var oldIps = oldSpec.Arr("clusterIPs").Strings().ToList();
            var value = GoValue.StringSlice(ips);
            if (oldIps.Count == ips.Count)
            {
                for (var i = 0; i < oldIps.Count; i++)
                {
                    if (oldIps[i] != ips[i])
                    {
                        errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", value, "may not change once set"));
                    }
                }
            }
            else if (oldIps.Count > ips.Count)
            {
                if (ips.Count == 0)
                {
                    errors.Add(FieldError.Invalid("spec.clusterIPs[0]", value, "primary clusterIP can not be unset"));
                }
                if (oldIps.Count > 0 && ips.Count > 0 && ips[0] != oldIps[0])
                {
                    errors.Add(FieldError.Invalid("spec.clusterIPs[0]", value, "may not change once set"));
                }
            }
            else if (oldIps.Count > 0 && ips[0] != oldIps[0])
            {
                errors.Add(FieldError.Invalid("spec.clusterIPs[0]", value, "may not change once set"));
            }
        }
        Validate(svc, errors);
    }

    private static void ValidatePort(JsonObject port, bool requireName, HashSet<string> names, string path, List<FieldError> errors)
    {
        var name = port.StrOrEmpty("name");
        if (requireName && name.Length == 0)
        {
            errors.Add(FieldError.Required(path + ".name"));
        }
        else if (name.Length != 0)
        {
            Validators.Dns1123Label(name, path + ".name", errors);
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(path + ".name", name));
            }
        }
        var number = port.Int("port") ?? 0;
        foreach (var msg in NameValidation.IsValidPortNum(number is > int.MaxValue or < int.MinValue ? 0 : (int)number))
        {
            errors.Add(FieldError.Invalid(path + ".port", number, msg));
        }
        Validators.OneOf(port.StrOrEmpty("protocol"), path + ".protocol", ContainerValidation.PortProtocols, errors);
        Validators.PortNumOrName(port["targetPort"], path + ".targetPort", errors);
        if (port.Str("appProtocol") is { } appProtocol)
        {
            Validators.QualifiedName(appProtocol, path + ".appProtocol", errors);
        }
    }

    private static void ValidateClusterIPs(JsonObject spec, string type, List<FieldError> errors)
    {
        if (type == "ExternalName")
        {
            return;
        }
        var clusterIP = spec.StrOrEmpty("clusterIP");
        var ips = spec.Arr("clusterIPs").Strings().ToList();
        if (clusterIP.Length > 0 && (ips.Count == 0 || ips[0] != clusterIP))
        {
            errors.Add(FieldError.Invalid("spec.clusterIPs", GoValue.StringSlice(ips), "first value must match `clusterIP`"));
        }
        if (ips.Count > 2)
        {
            errors.Add(FieldError.Invalid("spec.clusterIPs", GoValue.StringSlice(ips), "may only hold up to 2 values"));
        }
        for (var i = 0; i < ips.Count; i++)
        {
            if (ips[i] == "None")
            {
                if (i > 0 || ips.Count > 1)
                {
                    errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ips[i], "'None' must be the first and only value"));
                }
                continue;
            }
            foreach (var msg in NameValidation.IsValidIP(ips[i]))
            {
                errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ips[i], msg));
            }
        }
        if (ips.Count == 0 && clusterIP.Length > 0 && clusterIP != "None")
        {
            foreach (var msg in NameValidation.IsValidIP(clusterIP))
            {
                errors.Add(FieldError.Invalid("spec.clusterIP", clusterIP, msg));
            }
        }
    }

    /// <summary>A service port as Go's %#v prints the (protocol, port) key upstream reports duplicates with.</summary>
    private static GoValue GoServicePort(JsonObject port) => new GoServicePortValue(port.StrOrEmpty("protocol"), port.Int("port") ?? 0);

    private sealed class GoServicePortValue(string protocol, long port) : GoValue
    {
        public override string ToString() =>
            $"core.ServicePort{{Name:\"\", Protocol:\"{protocol}\", AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}";
    }
}
