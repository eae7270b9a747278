using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Pods.</summary>
public static class Pods
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Pod",
        Plural = "pods",
        Singular = "pod",
        Namespaced = true,
        ShortNames = ["po"],
        Categories = ["all"],
        Subresources = ["status", "binding", "eviction", "log", "exec", "attach", "portforward", "ephemeralcontainers"],
        ReturnDeletedObject = true,
        StoragePrefix = "/registry/pods",
        Strategy = new PodStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Pod) },
    };
}

/// <summary>
/// Pods: the spec is defaulted and validated as upstream; the status is born Pending with the
/// computed QoS class; updates may only touch images, deadlines, tolerations and gates.
/// </summary>
public sealed class PodStrategy : ResourceStrategy, IGracefulDeleteStrategy
{
    /// <summary>
    /// A pod's grace period: the one asked for, else spec.terminationGracePeriodSeconds (30 by
    /// default). A pod no node runs (unscheduled) or whose containers have all ended (Succeeded,
    /// Failed) has nothing to stop, so it goes at once — as upstream's pod strategy decides.
    /// </summary>
    public long GracePeriodSeconds(JsonObject obj, long? requested)
    {
        var spec = obj["spec"] as JsonObject;
        if (string.IsNullOrEmpty(spec is null ? null : ObjectJson.GetString(spec, "nodeName")))
        {
            return 0;
        }
        var phase = obj["status"] is JsonObject status ? ObjectJson.GetString(status, "phase") : null;
        if (phase is "Succeeded" or "Failed")
        {
            return 0;
        }
        if (requested is { } asked)
        {
            return asked;
        }
        return spec is not null && ObjectJson.TryGetLong(spec["terminationGracePeriodSeconds"], out var fromSpec) ? fromSpec : 30;
    }

    public override bool HasStatus => true;

    // 1.32 does not set metadata.generation on pods.
    public override bool TracksGeneration => false;

    public override void Default(JsonObject obj) => PodSpecDefaults.ApplyToPod(obj);

    public override void PrepareForCreate(JsonObject obj)
    {
        var status = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Compute(obj) };
        obj["status"] = status;
        var spec = obj.EnsureObj("spec");
        if (spec.Arr("schedulingGates") is { Count: > 0 })
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = null,
                ["reason"] = "SchedulingGated",
                ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
            });
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        ValidatePod(obj, errors);
        var spec = obj.Obj("spec");
        if (spec.Arr("ephemeralContainers") is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (spec.StrOrEmpty("nodeName").Length > 0 && spec.Arr("schedulingGates") is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        ValidatePod(obj, errors);
        PodUpdateValidation.Validate(obj, old, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj.Obj("status");
        if (status.Str("nominatedNodeName") is { Length: > 0 } nominated)
        {
            Validators.Dns1123Subdomain(nominated, "status.nominatedNodeName", errors);
        }
        var ips = status.Arr("podIPs").Objects().Select(p => p.StrOrEmpty("ip")).ToList();
        for (var i = 0; i < ips.Count; i++)
        {
            foreach (var msg in NameValidation.IsValidIP(ips[i]))
            {
                errors.Add(FieldError.Invalid($"status.podIPs[{i}]", ips[i], msg));
            }
        }
        if (ips.Count > 0 && status.Str("podIP") is { Length: > 0 } podIP && podIP != ips[0])
        {
            errors.Add(FieldError.Invalid("status.podIPs[0]", ips[0], "must match status.podIP"));
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns => PodTable.Columns;

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
        var spec = obj.Obj("spec");
        var status = obj.Obj("status");
        attributes["spec.nodeName"] = spec.StrOrEmpty("nodeName");
        attributes["spec.restartPolicy"] = spec.StrOrEmpty("restartPolicy");
        attributes["spec.schedulerName"] = spec.StrOrEmpty("schedulerName");
        attributes["spec.serviceAccountName"] = spec.StrOrEmpty("serviceAccountName");
        attributes["spec.hostNetwork"] = spec.Bool("hostNetwork") == true ? "true" : "false";
        attributes["status.phase"] = status.StrOrEmpty("phase");
        attributes["status.podIP"] = PodTable.PodIP(obj);
        attributes["status.nominatedNodeName"] = status.StrOrEmpty("nominatedNodeName");
    }

    private static void ValidatePod(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj.Obj("spec");
        PodSpecValidation.ValidatePodSpec(spec, "spec", errors);
        ContainerValidation.ValidateImageWhitespace(spec.Arr("containers"), "spec.containers", errors);
        ContainerValidation.ValidateImageWhitespace(spec.Arr("initContainers"), "spec.initContainers", errors);
    }
}
