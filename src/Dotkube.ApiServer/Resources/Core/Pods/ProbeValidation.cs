using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

internal enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}

/// <summary>Probes and lifecycle hooks: exactly one handler each, non-negative timings.</summary>
internal static class ProbeValidation
{
    private static readonly string[] ProbeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"];
    private static readonly string[] HookHandlers = ["exec", "httpGet", "tcpSocket", "sleep"];

    public static void ValidateProbe(JsonObject? probe, string path, ProbeKind kind, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }
        ValidateHandler(probe, ProbeHandlers, path, errors);
        foreach (var field in new[] { "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold" })
        {
            Validators.NonNegative(probe.Int(field) ?? 0, FieldPath.Child(path, field), errors);
        }
        if (probe.Int("terminationGracePeriodSeconds") is { } grace)
        {
            if (kind == ProbeKind.Readiness)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes"));
            }
            else if (grace <= 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"));
            }
        }
        if (kind != ProbeKind.Readiness && probe.Int("successThreshold") is { } success && success != 1)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "successThreshold"), success, "must be 1"));
        }
    }

    public static void ValidateLifecycle(JsonObject lifecycle, string path, List<FieldError> errors)
    {
        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (lifecycle.Obj(hook) is { } handler)
            {
                ValidateHandler(handler, HookHandlers, FieldPath.Child(path, hook), errors);
            }
        }
    }

    private static void ValidateHandler(JsonObject holder, string[] kinds, string path, List<FieldError> errors)
    {
        var count = 0;
        foreach (var kind in kinds)
        {
            if (holder.Obj(kind) is not { } action)
            {
                continue;
            }
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Child(path, kind), "may not specify more than 1 handler type"));
                continue;
            }
            count++;
            var at = FieldPath.Child(path, kind);
            switch (kind)
            {
                case "exec":
                    if (action.Arr("command") is not { Count: > 0 })
                    {
                        errors.Add(FieldError.Required(FieldPath.Child(at, "command")));
                    }
                    break;
                case "httpGet":
                    if (action.StrOrEmpty("path").Length == 0)
                    {
                        errors.Add(FieldError.Required(FieldPath.Child(at, "path")));
                    }
                    Validators.PortNumOrName(action["port"], FieldPath.Child(at, "port"), errors);
                    var scheme = action.StrOrEmpty("scheme");
                    if (scheme is not ("HTTP" or "HTTPS"))
                    {
                        errors.Add(FieldError.NotSupported(FieldPath.Child(at, "scheme"), scheme, ["HTTP", "HTTPS"]));
                    }
                    break;
                case "tcpSocket":
                    Validators.PortNumOrName(action["port"], FieldPath.Child(at, "port"), errors);
                    break;
                case "grpc":
                    var port = action.Int("port") ?? 0;
                    foreach (var msg in NameValidation.IsValidPortNum(port is > int.MaxValue or < int.MinValue ? 0 : (int)port))
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(at, "port"), port, msg));
                    }
                    break;
                case "sleep":
                    Validators.NonNegative(action.Int("seconds") ?? 0, FieldPath.Child(at, "seconds"), errors);
                    break;
            }
        }
        if (count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }
}
