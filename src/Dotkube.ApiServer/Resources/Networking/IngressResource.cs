using System.Net;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Networking;

/// <summary>networking.k8s.io/v1 ingresses (stored under /registry/ingress, as kube-apiserver does).</summary>
public static class IngressResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "networking.k8s.io",
        Versions = ["v1"],
        Kind = "Ingress",
        Plural = "ingresses",
        Singular = "ingress",
        Namespaced = true,
        ShortNames = ["ing"],
        Subresources = ["status"],
        StoragePrefix = "/registry/ingress",
        Strategy = new IngressStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Ingress) },
    };
}

/// <summary>Validation and table of ingresses (upstream pkg/apis/networking/validation).</summary>
public sealed class IngressStrategy : ResourceStrategy
{
    private static readonly string[] InvalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidPathSuffixes = ["/..", "/."];

    public override bool HasStatus => true;

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec") ?? [];
        var rules = spec.Arr("rules").Objects().ToList();
        if (rules.Count == 0 && spec.Obj("defaultBackend") is null)
        {
            errors.Add(FieldError.Invalid("spec", GoSyntax.Raw("[]networking.IngressRule(nil)"), "either `defaultBackend` or `rules` must be specified"));
        }
        if (spec.Obj("defaultBackend") is { } backend)
        {
            ValidateBackend(backend, "spec.defaultBackend", errors);
        }
        for (var i = 0; i < rules.Count; i++)
        {
            ValidateRule(rules[i], FieldPath.Index("spec.rules", i), errors);
        }
        var t = 0;
        foreach (var tls in spec.Arr("tls").Objects())
        {
            var h = 0;
            foreach (var host in tls.Arr("hosts").Strings())
            {
                var hostPath = FieldPath.Index(FieldPath.Child(FieldPath.Index("spec.tls", t), "hosts"), h++);
                var msgs = host.Contains('*', StringComparison.Ordinal) ? NameValidation.IsWildcardDns1123Subdomain(host) : NameValidation.IsDns1123Subdomain(host);
                foreach (var msg in msgs)
                {
                    errors.Add(FieldError.Invalid(hostPath, host, msg));
                }
            }
            t++;
        }
        if (spec.Str("ingressClassName") is { } className)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(className))
            {
                errors.Add(FieldError.Invalid("spec.ingressClassName", className, msg));
            }
        }
        return errors;
    }

    private static void ValidateRule(JsonObject rule, string path, List<FieldError> errors)
    {
        var host = rule.StrOrEmpty("host");
        if (host.Length > 0)
        {
            if (IPAddress.TryParse(host, out _))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "host"), host, "must be a DNS name, not an IP address"));
            }
            var msgs = host.Contains('*', StringComparison.Ordinal) ? NameValidation.IsWildcardDns1123Subdomain(host) : NameValidation.IsDns1123Subdomain(host);
            foreach (var msg in msgs)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "host"), host, msg));
            }
        }
        if (rule.Obj("http") is not { } http)
        {
            return;
        }
        var paths = http.Arr("paths").Objects().ToList();
        var pathsPath = FieldPath.Child(path, "http.paths");
        if (paths.Count == 0)
        {
            errors.Add(FieldError.Required(pathsPath));
        }
        for (var i = 0; i < paths.Count; i++)
        {
            ValidateHttpPath(paths[i], FieldPath.Index(pathsPath, i), errors);
        }
    }

    private static void ValidateHttpPath(JsonObject httpPath, string path, List<FieldError> errors)
    {
        if (httpPath.Str("pathType") is not { } pathType)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "pathType"), "pathType must be specified"));
            return;
        }
        var value = httpPath.StrOrEmpty("path");
        var valuePath = FieldPath.Child(path, "path");
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(valuePath, value, "must be an absolute path"));
                }
                if (value.Length > 0)
                {
                    foreach (var sequence in InvalidPathSequences.Where(s => value.Contains(s, StringComparison.Ordinal)))
                    {
                        errors.Add(FieldError.Invalid(valuePath, value, $"must not contain '{sequence}'"));
                    }
                    foreach (var suffix in InvalidPathSuffixes.Where(s => value.EndsWith(s, StringComparison.Ordinal)))
                    {
                        errors.Add(FieldError.Invalid(valuePath, value, $"cannot end with '{suffix}'"));
                    }
                }
                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(valuePath, value, "must be an absolute path"));
                }
                break;
            default:
                errors.Add(FieldError.NotSupported(FieldPath.Child(path, "pathType"), pathType, ["Exact", "ImplementationSpecific", "Prefix"]));
                break;
        }
        ValidateBackend(httpPath.Obj("backend") ?? [], FieldPath.Child(path, "backend"), errors);
    }

    private static void ValidateBackend(JsonObject backend, string path, List<FieldError> errors)
    {
        var resource = backend.Obj("resource");
        var service = backend.Obj("service");
        if (resource is not null && service is not null)
        {
            errors.Add(FieldError.Invalid(path, "", "cannot set both resource and service backends"));
            return;
        }
        if (resource is not null)
        {
            ValidateResourceBackend(resource, FieldPath.Child(path, "resource"), errors);
            return;
        }
        if (service is null)
        {
            errors.Add(FieldError.Invalid(path, "", "resource or service backend is required"));
            return;
        }
        var name = service.StrOrEmpty("name");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "service.name")));
        }
        else
        {
            foreach (var msg in NameValidation.IsDns1035Label(name))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "service.name"), name, msg));
            }
        }
        var portName = service.Obj("port").StrOrEmpty("name");
        var portNumber = service.Obj("port").Int("number") ?? 0;
        if (portName.Length > 0 && portNumber != 0)
        {
            errors.Add(FieldError.Invalid(path, "", "cannot set both port name & port number"));
        }
        else if (portName.Length > 0)
        {
            foreach (var msg in NameValidation.IsValidPortName(portName))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "service.port.name"), portName, msg));
            }
        }
        else if (portNumber != 0)
        {
            foreach (var msg in NameValidation.IsValidPortNum((int)Math.Clamp(portNumber, int.MinValue, int.MaxValue)))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "service.port.number"), portNumber, msg));
            }
        }
        else
        {
            errors.Add(FieldError.Required(path, "port name or number is required"));
        }
    }

    private static void ValidateResourceBackend(JsonObject resource, string path, List<FieldError> errors)
    {
        if (resource.StrOrEmpty("kind").Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "kind")));
        }
        if (resource.StrOrEmpty("name").Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "name")));
        }
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var i = 0;
        foreach (var ingress in obj.Obj("status").Obj("loadBalancer").Arr("ingress").Objects())
        {
            var path = FieldPath.Index("status.loadBalancer.ingress", i++);
            if (ingress.Str("ip") is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "ip"), ip, "must be a valid IP address"));
            }
            if (ingress.Str("hostname") is { Length: > 0 } hostname)
            {
                foreach (var msg in NameValidation.IsDns1123Subdomain(hostname))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "hostname"), hostname, msg));
                }
                if (IPAddress.TryParse(hostname, out _))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "hostname"), hostname, "must be a DNS name, not an IP address"));
                }
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Class", "The name of the IngressClass resource that should be used for additional configuration",
            (o, _) => o.Obj("spec").Str("ingressClassName") ?? "<none>"),
        GroupColumns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule", (o, _) => Hosts(o)),
        GroupColumns.Text("Address", "Address is a list containing ingress points for the load-balancer", (o, _) => Address(o, wide: true)),
        GroupColumns.Text("Ports", "Ports of TLS configurations that open", (o, _) => (o.Obj("spec").Arr("tls")?.Count ?? 0) > 0 ? "80, 443" : "80"),
        TableColumn.AgeColumn,
    ];

    /// <summary>Up to three rule hosts, "*" when none (upstream formatHosts).</summary>
    public static string Hosts(JsonObject ingress)
    {
        var rules = ingress.Obj("spec").Arr("rules").Objects().ToList();
        var list = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == 3)
            {
                more = true;
            }
            if (!more && rule.Str("host") is { Length: > 0 } host)
            {
                list.Add(host);
            }
        }
        if (list.Count == 0)
        {
            return "*";
        }
        var text = string.Join(",", list);
        return more ? $"{text} + {rules.Count - 3} more..." : text;
    }

    /// <summary>
    /// The load balancer's IPs or hostnames, sorted and de-duplicated. The server builds tables as
    /// if wide, so nothing is clipped here.
    /// </summary>
    public static string Address(JsonObject ingress, bool wide)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in ingress.Obj("status").Obj("loadBalancer").Arr("ingress").Objects())
        {
            if (entry.Str("ip") is { Length: > 0 } ip)
            {
                values.Add(ip);
            }
            else if (entry.Str("hostname") is { Length: > 0 } hostname)
            {
                values.Add(hostname);
            }
        }
        var text = string.Join(",", values);
        return !wide && text.Length > 16 ? text[..13] + "..." : text;
    }
}
