using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>The parts of an APIService the aggregator acts on, read once per change.</summary>
public sealed record ApiServiceView(
    string Name,
    string Group,
    string Version,
    int GroupPriorityMinimum,
    int VersionPriority,
    ServiceReference? Service,
    string CaBundle,
    bool InsecureSkipTlsVerify)
{
    public bool IsLocal => Service is null;

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The path prefix whose requests this APIService serves.</summary>
    public string PathPrefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    public static ApiServiceView From(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        var service = spec.Obj("service") is { } s
            ? new ServiceReference(s.StrOrEmpty("namespace"), s.StrOrEmpty("name"), (int)(s.Int("port") ?? 443))
            : null;
        // caBundle is []byte on the wire: base64 of the PEM text.
        var caBundle = spec.StrOrEmpty("caBundle") is { Length: > 0 } b64 ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : "";
        return new ApiServiceView(
            obj.Name(),
            spec.StrOrEmpty("group"),
            spec.StrOrEmpty("version"),
            (int)(spec.Int("groupPriorityMinimum") ?? 0),
            (int)(spec.Int("versionPriority") ?? 0),
            service,
            caBundle,
            spec.Bool("insecureSkipTLSVerify") == true);
    }
}

/// <summary>spec.service: the Service in front of an extension API server.</summary>
public sealed record ServiceReference(string Namespace, string Name, int Port)
{
    /// <summary>The name the backend's serving certificate must carry, as upstream checks it.</summary>
    public string ServerName => $"{Name}.{Namespace}.svc";
}
