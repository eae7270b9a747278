using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Discovery;

/// <summary>discovery.k8s.io/v1 endpointslices.</summary>
public static class EndpointSliceResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "discovery.k8s.io",
        Versions = ["v1"],
        Kind = "EndpointSlice",
        Plural = "endpointslices",
        Singular = "endpointslice",
        Namespaced = true,
        StoragePrefix = "/registry/endpointslices",
        Strategy = new EndpointSliceStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1EndpointSlice) },
    };
}

/// <summary>Defaults (port name "" and protocol TCP), validation and table of endpoint slices.</summary>
public sealed class EndpointSliceStrategy : ResourceStrategy
{
    private const int MaxEndpoints = 1000;
    private const int MaxAddresses = 100;
    private const int MaxPorts = 20000;

    public override bool TracksGeneration => true;

    public override void Default(JsonObject obj)
    {
        foreach (var port in obj.Arr("ports").Objects())
        {
            port.Default("name", "");
            port.DefaultString("protocol", "TCP");
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var addressType = obj.StrOrEmpty("addressType");
        if (addressType.Length == 0)
        {
            errors.Add(FieldError.Required("addressType"));
        }
        else if (addressType is not ("IPv4" or "IPv6" or "FQDN"))
        {
            errors.Add(FieldError.NotSupported("addressType", addressType, ["FQDN", "IPv4", "IPv6"]));
        }
        ValidateEndpoints(obj.Arr("endpoints").Objects().ToList(), addressType, errors);
        ValidatePorts(obj.Arr("ports").Objects().ToList(), errors);
        return errors;
    }

    private static void ValidateEndpoints(List<JsonObject> endpoints, string addressType, List<FieldError> errors)
    {
        if (endpoints.Count > MaxEndpoints)
        {
            errors.Add(FieldError.TooMany("endpoints", endpoints.Count, MaxEndpoints));
        }
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = FieldPath.Index("endpoints", i);
            var addresses = endpoints[i].Arr("addresses").Strings().ToList();
            var addressesPath = FieldPath.Child(path, "addresses");
            if (addresses.Count == 0)
            {
                errors.Add(FieldError.Required(addressesPath, "must contain at least 1 address"));
            }
            else if (addresses.Count > MaxAddresses)
            {
                errors.Add(FieldError.TooMany(addressesPath, addresses.Count, MaxAddresses));
            }
            for (var a = 0; a < addresses.Count; a++)
            {
                ValidateAddress(addresses[a], addressType, FieldPath.Index(addressesPath, a), errors);
            }
            if (endpoints[i].Str("nodeName") is { } node)
            {
                foreach (var msg in NameValidation.IsDns1123Subdomain(node))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "nodeName"), node, msg));
                }
            }
            if (endpoints[i].Str("hostname") is { } hostname)
            {
                foreach (var msg in NameValidation.IsDns1123Label(hostname))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "hostname"), hostname, msg));
                }
            }
        }
    }

    private static void ValidateAddress(string address, string addressType, string path, List<FieldError> errors)
    {
        switch (addressType)
        {
            case "IPv4":
                foreach (var msg in NameValidation.IsValidIPv4Address(address))
                {
                    errors.Add(FieldError.Invalid(path, address, msg));
                }
                break;
            case "IPv6":
                foreach (var msg in NameValidation.IsValidIPv6Address(address))
                {
                    errors.Add(FieldError.Invalid(path, address, msg));
                }
                break;
            case "FQDN":
                if (address.Length == 0)
                {
                    errors.Add(FieldError.Required(path));
                    break;
                }
                var name = address.EndsWith('.') ? address[..^1] : address;
                foreach (var msg in NameValidation.IsDns1123Subdomain(name))
                {
                    errors.Add(FieldError.Invalid(path, address, msg));
                }
                if (!name.Contains('.', StringComparison.Ordinal))
                {
                    errors.Add(FieldError.Invalid(path, address, "should be a domain with at least two segments separated by dots"));
                }
                break;
        }
    }

    private static void ValidatePorts(List<JsonObject> ports, List<FieldError> errors)
    {
        if (ports.Count > MaxPorts)
        {
            errors.Add(FieldError.TooMany("ports", ports.Count, MaxPorts));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var path = FieldPath.Index("ports", i);
            var name = ports[i].StrOrEmpty("name");
            if (name.Length > 0)
            {
                foreach (var msg in NameValidation.IsDns1123Label(name))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "name"), name, msg));
                }
            }
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(path, "name"), name));
            }
            var protocol = ports[i].Str("protocol");
            if (protocol is null)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "protocol")));
            }
            else if (protocol is not ("SCTP" or "TCP" or "UDP"))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Child(path, "protocol"), protocol, ["SCTP", "TCP", "UDP"]));
            }
            if (ports[i].Str("appProtocol") is { } appProtocol)
            {
                foreach (var msg in NameValidation.IsQualifiedName(appProtocol))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "appProtocol"), appProtocol, msg));
                }
            }
        }
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj).ToList();
        CommonValidation.ImmutableString(obj, old, "addressType", "addressType", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("AddressType", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.",
            (o, _) => o.StrOrEmpty("addressType")),
        GroupColumns.Text("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports.",
            (o, _) => Ports(o)),
        GroupColumns.Text("Endpoints", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
            (o, _) => Endpoints(o)),
        TableColumn.AgeColumn,
    ];

    /// <summary>Up to three port numbers (or names, or "*"), then "+ N more..." (upstream formatDiscoveryPorts).</summary>
    public static string Ports(JsonObject slice)
    {
        var all = slice.Arr("ports").Objects().Select(p => p.Int("port") is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Str("name") ?? "*").ToList();
        return ListWithMore(all);
    }

    /// <summary>Up to three addresses across endpoints (upstream formatDiscoveryEndpoints).</summary>
    public static string Endpoints(JsonObject slice) =>
        ListWithMore(slice.Arr("endpoints").Objects().SelectMany(e => e.Arr("addresses").Strings()).ToList());

    private static string ListWithMore(List<string> all)
    {
        const int max = 3;
        var text = string.Join(",", all.Take(max));
        if (all.Count > max)
        {
            return $"{text} + {all.Count - max} more...";
        }
        return text.Length == 0 ? "<unset>" : text;
    }
}
