using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Networking;

/// <summary>networking.k8s.io/v1 networkpolicies.</summary>
public static class NetworkPolicyResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "networking.k8s.io",
        Versions = ["v1"],
        Kind = "NetworkPolicy",
        Plural = "networkpolicies",
        Singular = "networkpolicy",
        Namespaced = true,
        ShortNames = ["netpol"],
        StoragePrefix = "/registry/networkpolicies",
        Strategy = new NetworkPolicyStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1NetworkPolicy) },
    };
}

/// <summary>Defaulting and validation of network policies (upstream pkg/apis/networking).</summary>
public sealed class NetworkPolicyStrategy : ResourceStrategy
{
    /// <summary>Network policies have no status but do track generation upstream.</summary>
    public override bool TracksGeneration => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        foreach (var direction in new[] { "ingress", "egress" })
        {
            foreach (var rule in spec.Arr(direction).Objects())
            {
                foreach (var port in rule.Arr("ports").Objects())
                {
                    port.DefaultString("protocol", "TCP");
                }
            }
        }
        if ((spec.Arr("policyTypes")?.Count ?? 0) == 0)
        {
            // A policy that names no types is at least about ingress, and about egress if it has egress rules.
            var types = new JsonArray("Ingress");
            if ((spec.Arr("egress")?.Count ?? 0) > 0)
            {
                types.Add("Egress");
            }
            spec["policyTypes"] = types;
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        LabelSelectors.Validate(spec.Obj("podSelector") ?? [], "spec.podSelector", errors);
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var i = 0;
            foreach (var rule in spec.Arr(direction).Objects())
            {
                var rulePath = FieldPath.Index(FieldPath.Child("spec", direction), i++);
                var p = 0;
                foreach (var port in rule.Arr("ports").Objects())
                {
                    ValidatePort(port, FieldPath.Index(FieldPath.Child(rulePath, "ports"), p++), errors);
                }
                var q = 0;
                foreach (var peer in rule.Arr(peers).Objects())
                {
                    ValidatePeer(peer, FieldPath.Index(FieldPath.Child(rulePath, peers), q++), errors);
                }
            }
        }
        var policyTypes = spec.Arr("policyTypes").Strings().ToList();
        if (policyTypes.Count > 2)
        {
            errors.Add(FieldError.Invalid("spec.policyTypes", GoValue.StringSlice(policyTypes), "may not specify more than two policyTypes"));
            return errors;
        }
        for (var t = 0; t < policyTypes.Count; t++)
        {
            if (policyTypes[t] is not ("Ingress" or "Egress"))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Index("spec.policyTypes", t), policyTypes[t], ["Ingress", "Egress"]));
            }
        }
        return errors;
    }

    private static void ValidatePort(JsonObject port, string path, List<FieldError> errors)
    {
        if (port.Str("protocol") is { } protocol && protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Child(path, "protocol"), protocol, ["TCP", "UDP", "SCTP"]));
        }
        var endPort = port.Int("endPort");
        if (port["port"] is null)
        {
            if (endPort is { } e)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "endPort"), e, "may not be specified when `port` is not specified"));
            }
            return;
        }
        if (port.Int("port") is { } number)
        {
            foreach (var msg in NameValidation.IsValidPortNum((int)Math.Clamp(number, int.MinValue, int.MaxValue)))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "port"), number, msg));
            }
            if (endPort is { } e)
            {
                if (e < number)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "endPort"), number, "must be greater than or equal to `port`"));
                }
                foreach (var msg in NameValidation.IsValidPortNum((int)Math.Clamp(e, int.MinValue, int.MaxValue)))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "endPort"), e, msg));
                }
            }
            return;
        }
        var name = port.StrOrEmpty("port");
        if (endPort is { } end)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "endPort"), end, "may not be specified when `port` is non-numeric"));
        }
        foreach (var msg in NameValidation.IsValidPortName(name))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "port"), name, msg));
        }
    }

    private static void ValidatePeer(JsonObject peer, string path, List<FieldError> errors)
    {
        var count = 0;
        if (peer.Obj("podSelector") is { } pods)
        {
            count++;
            LabelSelectors.Validate(pods, FieldPath.Child(path, "podSelector"), errors);
        }
        if (peer.Obj("namespaceSelector") is { } namespaces)
        {
            count++;
            LabelSelectors.Validate(namespaces, FieldPath.Child(path, "namespaceSelector"), errors);
        }
        if (peer.Obj("ipBlock") is { } ipBlock)
        {
            count++;
            ValidateIpBlock(ipBlock, FieldPath.Child(path, "ipBlock"), errors);
        }
        if (count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a peer"));
        }
        else if (count > 1 && peer.Obj("ipBlock") is not null)
        {
            errors.Add(FieldError.Forbidden(path, "may not specify both ipBlock and another peer"));
        }
    }

    private static void ValidateIpBlock(JsonObject ipBlock, string path, List<FieldError> errors)
    {
        var cidr = ipBlock.StrOrEmpty("cidr");
        if (cidr.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "cidr")));
            return;
        }
        if (!Cidr.TryParse(cidr, out var network))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "cidr"), cidr, Cidr.InvalidMessage));
            return;
        }
        var i = 0;
        foreach (var except in ipBlock.Arr("except").Strings())
        {
            var exceptPath = FieldPath.Index(FieldPath.Child(path, "except"), i++);
            if (!Cidr.TryParse(except, out var inner))
            {
                errors.Add(FieldError.Invalid(exceptPath, except, Cidr.InvalidMessage));
                continue;
            }
            if (!network.Contains(inner.Address) || network.PrefixLength >= inner.PrefixLength)
            {
                errors.Add(FieldError.Invalid(exceptPath, except, "must be a strict subset of `cidr`"));
            }
        }
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.",
            (o, _) => LabelSelectors.Format(o.Obj("spec").Obj("podSelector") ?? [])),
        TableColumn.AgeColumn,
    ];
}

/// <summary>An IP network in CIDR notation, parsed as Go's net.ParseCIDR accepts it.</summary>
public readonly record struct Cidr(IPAddress Address, int PrefixLength)
{
    public const string InvalidMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static bool TryParse(string text, out Cidr cidr)
    {
        cidr = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || text[..slash].Contains('%', StringComparison.Ordinal)
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix > bits)
        {
            return false;
        }
        cidr = new Cidr(address, prefix);
        return true;
    }

    /// <summary>Whether <paramref name="ip"/> lies in this network.</summary>
    public bool Contains(IPAddress ip)
    {
        var a = Address.GetAddressBytes();
        var b = ip.GetAddressBytes();
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var bit = 0; bit < PrefixLength; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }
}
