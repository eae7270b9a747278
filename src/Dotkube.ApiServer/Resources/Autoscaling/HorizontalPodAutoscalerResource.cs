using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Autoscaling;

/// <summary>
/// autoscaling horizontalpodautoscalers: stored as v2 (preferred), also served as v1 through
/// <see cref="HorizontalPodAutoscalerConverter"/>.
/// </summary>
public static class HorizontalPodAutoscalerResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "autoscaling",
        Versions = ["v2", "v1"],
        Kind = "HorizontalPodAutoscaler",
        Plural = "horizontalpodautoscalers",
        Singular = "horizontalpodautoscaler",
        Namespaced = true,
        ShortNames = ["hpa"],
        Categories = ["all"],
        Subresources = ["status"],
        StoragePrefix = "/registry/horizontalpodautoscalers",
        Strategy = new HorizontalPodAutoscalerStrategy(),
        Converter = new HorizontalPodAutoscalerConverter(),
        ModelTypes = new Dictionary<string, Type>
        {
            ["v2"] = typeof(k8s.Models.V2HorizontalPodAutoscaler),
            ["v1"] = typeof(k8s.Models.V1HorizontalPodAutoscaler),
        },
    };
}

/// <summary>Defaulting, validation and table of HPAs, on the v2 (storage) shape.</summary>
public sealed class HorizontalPodAutoscalerStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        // v2 never keeps the annotations v1 uses to carry v2-only fields.
        HorizontalPodAutoscalerConverter.DropRoundTripAnnotations(obj);
        var spec = obj.EnsureObj("spec");
        spec.Default("minReplicas", 1);
        if ((spec.Arr("metrics")?.Count ?? 0) == 0)
        {
            spec["metrics"] = new JsonArray(HorizontalPodAutoscalerConverter.DefaultCpuMetric());
        }
        if (spec.Obj("behavior") is { } behavior)
        {
            spec["behavior"] = new JsonObject
            {
                ["scaleUp"] = FillRules(behavior.Obj("scaleUp"), ScaleUpDefaults()),
                ["scaleDown"] = FillRules(behavior.Obj("scaleDown"), ScaleDownDefaults()),
            };
        }
    }

    /// <summary>upstream GenerateHPAScaleUpRules: stabilization 0, Max of 4 pods or 100% per 15s.</summary>
    private static JsonObject ScaleUpDefaults() => new()
    {
        ["stabilizationWindowSeconds"] = 0,
        ["selectPolicy"] = "Max",
        ["policies"] = new JsonArray(
            new JsonObject { ["type"] = "Pods", ["value"] = 4, ["periodSeconds"] = 15 },
            new JsonObject { ["type"] = "Percent", ["value"] = 100, ["periodSeconds"] = 15 }),
    };

    /// <summary>upstream GenerateHPAScaleDownRules: no stabilization set (the controller's flag applies), 100% per 15s.</summary>
    private static JsonObject ScaleDownDefaults() => new()
    {
        ["selectPolicy"] = "Max",
        ["policies"] = new JsonArray(new JsonObject { ["type"] = "Percent", ["value"] = 100, ["periodSeconds"] = 15 }),
    };

    /// <summary>
    /// upstream copyHPAScalingRules: what the user set replaces the default, field by field; the
    /// result is in the API's field order.
    /// </summary>
    private static JsonObject FillRules(JsonObject? given, JsonObject defaults)
    {
        var result = new JsonObject();
        foreach (var key in new[] { "stabilizationWindowSeconds", "selectPolicy", "policies" })
        {
            if ((given?[key] ?? defaults[key]) is { } value)
            {
                result[key] = value.DeepClone();
            }
        }
        foreach (var (key, value) in given ?? [])
        {
            if (!result.ContainsKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }
        return result;
    }

    /// <summary>A new HPA starts with an empty status, which v2 serializes with these two fields.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject { ["currentMetrics"] = null, ["desiredReplicas"] = 0 };
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        HpaValidation.ValidateSpec(obj.Obj("spec") ?? [], minReplicasLowerBound: 1, errors);
        return errors;
    }

    /// <summary>An HPA that already scales to zero may keep doing so.</summary>
    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var lowerBound = old.Obj("spec").Int("minReplicas") == 0 ? 0 : 1;
        HpaValidation.ValidateSpec(obj.Obj("spec") ?? [], lowerBound, errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj.Obj("status");
        CommonValidation.NonNegative(status.Int("currentReplicas") ?? 0, "status.currentReplicas", errors);
        // Upstream misspells this path; clients see it so.
        CommonValidation.NonNegative(status.Int("desiredReplicas") ?? 0, "status.desiredReplicasa", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.",
            (o, _) => $"{o.Obj("spec").Obj("scaleTargetRef").StrOrEmpty("kind")}/{o.Obj("spec").Obj("scaleTargetRef").StrOrEmpty("name")}"),
        GroupColumns.Text("Targets", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.",
            (o, _) => HpaTargets.Format(o.Obj("spec").Arr("metrics"), o.Obj("status").Arr("currentMetrics"))),
        GroupColumns.Text("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down. It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.",
            (o, _) => o.Obj("spec").Int("minReplicas") is { } min ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : "<unset>"),
        GroupColumns.Text("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.",
            (o, _) => o.Obj("spec").Int("maxReplicas") ?? 0),
        GroupColumns.Text("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.",
            (o, _) => o.Obj("status").Int("currentReplicas") ?? 0),
        TableColumn.AgeColumn,
    ];
}
