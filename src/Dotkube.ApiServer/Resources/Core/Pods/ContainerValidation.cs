using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>Containers and init containers of a pod spec, in upstream's order of checks.</summary>
internal static class ContainerValidation
{
    public static readonly IReadOnlyList<string> PullPolicies = ["Always", "IfNotPresent", "Never"];
    public static readonly IReadOnlyList<string> TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];

    // Upstream lists a sorted set.
    public static readonly IReadOnlyList<string> PortProtocols = ["SCTP", "TCP", "UDP"];

    private const string InitNeedsRestartAlways = "may not be set for init containers without restartPolicy=Always";

    public static void ValidateContainers(JsonArray? containers, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var list = containers.Objects().ToList();
        if (list.Count == 0)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            var at = FieldPath.Index(path, i);
            ValidateCommon(c, volumes, at, errors);
            if (c.Obj("lifecycle") is { } lifecycle)
            {
                ProbeValidation.ValidateLifecycle(lifecycle, FieldPath.Child(at, "lifecycle"), errors);
            }
            var name = c.StrOrEmpty("name");
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(at, "name"), name));
            }
            ProbeValidation.ValidateProbe(c.Obj("livenessProbe"), FieldPath.Child(at, "livenessProbe"), ProbeKind.Liveness, errors);
            ProbeValidation.ValidateProbe(c.Obj("readinessProbe"), FieldPath.Child(at, "readinessProbe"), ProbeKind.Readiness, errors);
            ProbeValidation.ValidateProbe(c.Obj("startupProbe"), FieldPath.Child(at, "startupProbe"), ProbeKind.Startup, errors);
            if (c.Has("restartPolicy"))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Child(at, "restartPolicy"), "may not be set for non-init containers"));
            }
        }
        // Host ports may not collide across the pod's containers, which all run at once.
        var hostPorts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            AccumulateHostPorts(list[i], FieldPath.Index(path, i), hostPorts, errors);
        }
    }

    public static void ValidateInitContainers(JsonArray? initContainers, JsonArray? containers, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(containers.Objects().Select(c => c.StrOrEmpty("name")), StringComparer.Ordinal);
        var list = initContainers.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            var at = FieldPath.Index(path, i);
            ValidateCommon(c, volumes, at, errors);
            var restartAlways = false;
            if (c.Has("restartPolicy"))
            {
                var policy = c.StrOrEmpty("restartPolicy");
                Validators.OneOf(policy, FieldPath.Child(at, "restartPolicy"), ["Always"], errors);
                restartAlways = policy == "Always";
            }
            var name = c.StrOrEmpty("name");
            if (names.Contains(name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(at, "name"), name));
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }
            // Init containers run one at a time, so only ports within one of them can collide.
            AccumulateHostPorts(c, at, new HashSet<string>(StringComparer.Ordinal), errors);
            if (restartAlways)
            {
                if (c.Obj("lifecycle") is { } lifecycle)
                {
                    ProbeValidation.ValidateLifecycle(lifecycle, FieldPath.Child(at, "lifecycle"), errors);
                }
                ProbeValidation.ValidateProbe(c.Obj("livenessProbe"), FieldPath.Child(at, "livenessProbe"), ProbeKind.Liveness, errors);
                ProbeValidation.ValidateProbe(c.Obj("readinessProbe"), FieldPath.Child(at, "readinessProbe"), ProbeKind.Readiness, errors);
                ProbeValidation.ValidateProbe(c.Obj("startupProbe"), FieldPath.Child(at, "startupProbe"), ProbeKind.Startup, errors);
            }
            else
            {
                if (c.Has("lifecycle"))
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(at, "lifecycle"), InitNeedsRestartAlways));
                }
                if (c.Has("livenessProbe"))
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(at, "livenessProbe"), InitNeedsRestartAlways));
                }
                if (c.Has("readinessProbe"))
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(at, "readinessProbe"), "may not be set for init containers"));
                }
                if (c.Has("startupProbe"))
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(at, "startupProbe"), InitNeedsRestartAlways));
                }
            }
        }
    }

    /// <summary>What every kind of container must satisfy (upstream validateContainerCommon).</summary>
    private static void ValidateCommon(JsonObject c, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var name = c.StrOrEmpty("name");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "name")));
        }
        else
        {
            Validators.Dns1123Label(name, FieldPath.Child(path, "name"), errors);
        }
        if (c.StrOrEmpty("image").Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "image")));
        }
        Validators.OneOf(c.StrOrEmpty("terminationMessagePolicy"), FieldPath.Child(path, "terminationMessagePolicy"), TerminationMessagePolicies, errors);
        ValidatePorts(c.Arr("ports"), FieldPath.Child(path, "ports"), errors);
        EnvValidation.ValidateEnv(c.Arr("env"), FieldPath.Child(path, "env"), errors);
        EnvValidation.ValidateEnvFrom(c.Arr("envFrom"), FieldPath.Child(path, "envFrom"), errors);
        VolumeValidation.ValidateVolumeMounts(c, volumes, FieldPath.Child(path, "volumeMounts"), errors);
        VolumeValidation.ValidateVolumeDevices(c, volumes, FieldPath.Child(path, "volumeDevices"), errors);
        Validators.OneOf(c.StrOrEmpty("imagePullPolicy"), FieldPath.Child(path, "imagePullPolicy"), PullPolicies, errors);
        ResourceRequirementsValidation.Validate(c.Obj("resources"), FieldPath.Child(path, "resources"), errors);
        SecurityContextValidation.ValidateContainer(c.Obj("securityContext"), FieldPath.Child(path, "securityContext"), errors);
    }

    /// <summary>Pod-only check (not for templates, where " " is a placeholder some tools use).</summary>
    public static void ValidateImageWhitespace(JsonArray? containers, string path, List<FieldError> errors)
    {
        var list = containers.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var image = list[i].StrOrEmpty("image");
            if (image.Length != image.Trim().Length)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(FieldPath.Index(path, i), "image"), image, "must not have leading or trailing whitespace"));
            }
        }
    }

    private static void ValidatePorts(JsonArray? ports, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = ports.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var port = list[i];
            var at = FieldPath.Index(path, i);
            var name = port.StrOrEmpty("name");
            if (name.Length > 0)
            {
                var msgs = NameValidation.IsValidPortName(name);
                foreach (var msg in msgs)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(at, "name"), name, msg));
                }
                if (msgs.Count == 0 && !names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(FieldPath.Child(at, "name"), name));
                }
            }
            var containerPort = port.Int("containerPort") ?? 0;
            if (containerPort == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "containerPort")));
            }
            else
            {
                PortNumber(containerPort, FieldPath.Child(at, "containerPort"), errors);
            }
            var hostPort = port.Int("hostPort") ?? 0;
            if (hostPort != 0)
            {
                PortNumber(hostPort, FieldPath.Child(at, "hostPort"), errors);
            }
            Validators.OneOf(port.StrOrEmpty("protocol"), FieldPath.Child(at, "protocol"), PortProtocols, errors);
        }
    }

    private static void PortNumber(long value, string path, List<FieldError> errors)
    {
        foreach (var msg in NameValidation.IsValidPortNum(value is > int.MaxValue or < int.MinValue ? 0 : (int)value))
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    private static void AccumulateHostPorts(JsonObject container, string containerPath, HashSet<string> seen, List<FieldError> errors)
    {
        var ports = container.Arr("ports").Objects().ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            var hostPort = ports[i].Int("hostPort") ?? 0;
            if (hostPort == 0)
            {
                continue;
            }
            var key = $"{ports[i].StrOrEmpty("protocol")}/{ports[i].StrOrEmpty("hostIP")}/{hostPort}";
            if (!seen.Add(key))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(FieldPath.Index(FieldPath.Child(containerPath, "ports"), i), "hostPort"), key));
            }
        }
    }
}
