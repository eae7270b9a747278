using System.Net;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Endpoints.</summary>
public static class Endpoints
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Endpoints",
        Plural = "endpoints",
        Singular = "endpoints",
        Namespaced = true,
        ShortNames = ["ep"],
        StoragePrefix = "/registry/services/endpoints",
        Strategy = new EndpointsStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Endpoints) },
    };

    /// <summary>"ip:port,..." for at most three endpoints, then "+ N more..." (upstream formatEndpoints).</summary>
    public static string Format(JsonObject endpoints)
    {
        var subsets = endpoints.Arr("subsets").Objects().ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }
        const int max = 3;
        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Arr("addresses").Objects().Select(a => a.StrOrEmpty("ip")).ToList();
            var ports = subset.Arr("ports").Objects().ToList();
            if (ports.Count == 0)
            {
                // Headless services may have no ports.
                foreach (var ip in addresses)
                {
                    if (list.Count < max)
                    {
                        list.Add(ip);
                    }
                    count++;
                }
                continue;
            }
            foreach (var port in ports)
            {
                foreach (var ip in addresses)
                {
                    if (list.Count < max)
                    {
                        list.Add(ip.Contains(':') ? $"[{ip}]:{port.Int("port") ?? 0}" : $"{ip}:{port.Int("port") ?? 0}");
                    }
                    count++;
                }
            }
        }
        var joined = string.Join(",", list);
        return count > max ? $"{joined} + {count - max} more..." : joined;
    }
}

/// <summary>Endpoints: endpoint IPs must be real, non-special addresses; ports valid.</summary>
public sealed class EndpointsStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        foreach (var port in obj.Arr("subsets").Objects().SelectMany(s => s.Arr("ports").Objects()))
        {
            port.DefaultString("protocol", "TCP");
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var subsets = obj.Arr("subsets").Objects().ToList();
        for (var s = 0; s < subsets.Count; s++)
        {
            var at = $"subsets[{s}]";
            var addresses = subsets[s].Arr("addresses").Objects().ToList();
            var notReady = subsets[s].Arr("notReadyAddresses").Objects().ToList();
            var ports = subsets[s].Arr("ports").Objects().ToList();
            if (addresses.Count == 0 && notReady.Count == 0)
            {
                errors.Add(FieldError.Required(at, "must specify `addresses` or `notReadyAddresses`"));
            }
            for (var i = 0; i < addresses.Count; i++)
            {
                ValidateAddress(addresses[i], $"{at}.addresses[{i}]", errors);
            }
            for (var i = 0; i < notReady.Count; i++)
            {
                ValidateAddress(notReady[i], $"{at}.notReadyAddresses[{i}]", errors);
            }
            for (var i = 0; i < ports.Count; i++)
            {
                var portPath = $"{at}.ports[{i}]";
                var name = ports[i].StrOrEmpty("name");
                if (ports.Count > 1 && name.Length == 0)
                {
                    errors.Add(FieldError.Required(portPath + ".name"));
                }
                else if (name.Length > 0)
                {
                    Validators.Dns1123Label(name, portPath + ".name", errors);
                }
                var port = ports[i].Int("port") ?? 0;
                foreach (var msg in NameValidation.IsValidPortNum(port is > int.MaxValue or < int.MinValue ? 0 : (int)port))
                {
                    errors.Add(FieldError.Invalid(portPath + ".port", port, msg));
                }
                Validators.OneOf(ports[i].StrOrEmpty("protocol"), portPath + ".protocol", ContainerValidation.PortProtocols, errors);
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Endpoints", "string", "", ColumnDocs.EndpointsSubsets, 0, (o, _) => Endpoints.Format(o)),
        TableColumn.AgeColumn,
    ];

    private static void ValidateAddress(JsonObject address, string path, List<FieldError> errors)
    {
        var ip = address.StrOrEmpty("ip");
        var msgs = NameValidation.IsValidIP(ip);
        foreach (var msg in msgs)
        {
            errors.Add(FieldError.Invalid(path + ".ip", ip, msg));
        }
        if (msgs.Count == 0 && IPAddress.TryParse(ip, out var parsed))
        {
            if (IPAddress.IsLoopback(parsed))
            {
                errors.Add(FieldError.Invalid(path + ".ip", ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
            }
            else if (parsed.IsIPv6LinkLocal || (parsed.GetAddressBytes() is [169, 254, _, _]))
            {
                errors.Add(FieldError.Invalid(path + ".ip", ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
            }
            else if ((parsed.IsIPv6Multicast && (parsed.GetAddressBytes()[1] & 0x0f) == 2) || parsed.GetAddressBytes() is [224, 0, 0, _])
            {
                errors.Add(FieldError.Invalid(path + ".ip", ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
            }
        }
        if (address.Str("hostname") is { Length: > 0 } hostname)
        {
            Validators.Dns1123Label(hostname, path + ".hostname", errors);
        }
        if (address.Str("nodeName") is { Length: > 0 } nodeName)
        {
            Validators.Dns1123Subdomain(nodeName, path + ".nodeName", errors);
        }
    }
}
