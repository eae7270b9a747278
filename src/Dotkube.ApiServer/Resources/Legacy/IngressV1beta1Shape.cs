using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// Ingress as extensions/v1beta1 and networking.k8s.io/v1beta1 had it: <c>spec.backend</c> for the
/// default backend, and backends naming <c>serviceName</c>/<c>servicePort</c> (an int-or-string)
/// where v1 has <c>service: {name, port: {number | name}}</c>. v1beta1 defaulted an unset
/// pathType to ImplementationSpecific.
/// </summary>
public sealed class IngressV1beta1Shape : ILegacyShape
{
    public static IngressV1beta1Shape Instance { get; } = new();

    public JsonObject ToCurrent(JsonObject legacy)
    {
        if (legacy.Obj("spec") is not { } spec)
        {
            return legacy;
        }
        foreach (var path in Paths(spec))
        {
            path.DefaultString("pathType", "ImplementationSpecific");
        }
        Rename(spec, "backend", "defaultBackend");
        if (spec.Obj("defaultBackend") is { } backend)
        {
            spec["defaultBackend"] = BackendToV1(backend);
        }
        foreach (var path in Paths(spec))
        {
            if (path.Obj("backend") is { } b)
            {
                path["backend"] = BackendToV1(b);
            }
        }
        return legacy;
    }

    public JsonObject FromCurrent(JsonObject current)
    {
        if (current.Obj("spec") is not { } spec)
        {
            return current;
        }
        Rename(spec, "defaultBackend", "backend");
        if (spec.Obj("backend") is { } backend)
        {
            spec["backend"] = BackendToV1beta1(backend);
        }
        foreach (var path in Paths(spec))
        {
            if (path.Obj("backend") is { } b)
            {
                path["backend"] = BackendToV1beta1(b);
            }
        }
        return current;
    }

    private static IEnumerable<JsonObject> Paths(JsonObject spec) =>
        spec.Arr("rules").Objects().SelectMany(r => r.Obj("http").Arr("paths").Objects()).ToList();

    /// <summary>Moves a field to a new name in the same place (key order is kept otherwise).</summary>
    private static void Rename(JsonObject obj, string from, string to)
    {
        if (!obj.ContainsKey(from))
        {
            return;
        }
        var entries = obj.ToList();
        obj.Clear();
        foreach (var (key, value) in entries)
        {
            obj[key == from ? to : key] = value;
        }
    }

    /// <summary>serviceName/servicePort become service {name, port}; a resource backend is kept as is.</summary>
    private static JsonObject BackendToV1(JsonObject b)
    {
        var result = new JsonObject();
        var port = b["servicePort"];
        var portIsName = port is JsonValue v && v.GetValueKind() == JsonValueKind.String;
        var portNumber = JsonFields.AsLong(port) ?? 0;
        if (b.StrOrEmpty("serviceName").Length > 0 || portIsName || portNumber != 0)
        {
            result["service"] = new JsonObject
            {
                ["name"] = b.StrOrEmpty("serviceName"),
                ["port"] = portIsName ? new JsonObject { ["name"] = JsonFields.AsString(port) } : new JsonObject { ["number"] = portNumber },
            };
        }
        if (b["resource"] is { } resource)
        {
            result["resource"] = resource.DeepClone();
        }
        return result;
    }

    private static JsonObject BackendToV1beta1(JsonObject b)
    {
        var result = new JsonObject();
        if (b.Obj("service") is { } service)
        {
            result["serviceName"] = service.StrOrEmpty("name");
            var port = service.Obj("port");
            result["servicePort"] = port.StrOrEmpty("name") is { Length: > 0 } name ? name : port.Int("number") ?? 0;
        }
        if (b["resource"] is { } resource)
        {
            result["resource"] = resource.DeepClone();
        }
        return result;
    }
}
