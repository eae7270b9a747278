using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Autoscaling;

/// <summary>upstream pkg/apis/autoscaling/validation for the v2 shape, in upstream's order.</summary>
public static class HpaValidation
{
    private const int MaxPeriodSeconds = 1800;
    private const int MaxStabilizationWindowSeconds = 3600;
    private static readonly string[] MetricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    public static void ValidateSpec(JsonObject spec, int minReplicasLowerBound, List<FieldError> errors)
    {
        var minReplicas = spec.Int("minReplicas");
        var maxReplicas = spec.Int("maxReplicas") ?? 0;
        if (minReplicas is { } min && min < minReplicasLowerBound)
        {
            errors.Add(FieldError.Invalid("spec.minReplicas", min, $"must be greater than or equal to {minReplicasLowerBound}"));
        }
        if (maxReplicas < 1)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", maxReplicas, "must be greater than 0"));
        }
        if (minReplicas is { } m && maxReplicas < m)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", maxReplicas, "must be greater than or equal to `minReplicas`"));
        }
        ValidateObjectReference(spec.Obj("scaleTargetRef"), "spec.scaleTargetRef", errors);
        ValidateMetrics(spec.Arr("metrics"), minReplicas, errors);
        if (spec.Obj("behavior") is { } behavior)
        {
            ValidateScalingRules(behavior.Obj("scaleUp"), "spec.behavior.scaleUp", errors);
            ValidateScalingRules(behavior.Obj("scaleDown"), "spec.behavior.scaleDown", errors);
        }
    }

    /// <summary>upstream ValidateCrossVersionObjectReference: kind and name are required path segments.</summary>
    private static void ValidateObjectReference(JsonObject? reference, string path, List<FieldError> errors)
    {
        foreach (var key in new[] { "kind", "name" })
        {
            var value = reference.StrOrEmpty(key);
            var fieldPath = FieldPath.Child(path, key);
            if (value.Length == 0)
            {
                errors.Add(FieldError.Required(fieldPath));
                continue;
            }
            foreach (var msg in PathSegments.Validate(value))
            {
                errors.Add(FieldError.Invalid(fieldPath, value, msg));
            }
        }
    }

    private static void ValidateMetrics(JsonArray? metrics, long? minReplicas, List<FieldError> errors)
    {
        var hasObjectOrExternal = false;
        var i = 0;
        foreach (var metric in metrics.Objects())
        {
            ValidateMetricSpec(metric, FieldPath.Index("spec.metrics", i++), errors);
            hasObjectOrExternal |= metric.Str("type") is "Object" or "External";
        }
        if (minReplicas == 0 && !hasObjectOrExternal)
        {
            errors.Add(FieldError.Forbidden("spec.metrics", "must specify at least one Object or External metric to support scaling to zero replicas"));
        }
    }

    private static void ValidateMetricSpec(JsonObject metric, string path, List<FieldError> errors)
    {
        var type = metric.StrOrEmpty("type");
        var typePath = FieldPath.Child(path, "type");
        if (type.Length == 0)
        {
            errors.Add(FieldError.Required(typePath, "must specify a metric source type"));
        }
        if (!MetricSourceTypes.Contains(type))
        {
            errors.Add(FieldError.NotSupported(typePath, type, MetricSourceTypes));
        }
        // Only the first source present (in upstream's order) is validated.
        var present = new List<string>();
        foreach (var source in new[] { "object", "external", "pods", "resource", "containerResource" })
        {
            if (metric.Obj(source) is not { } value)
            {
                continue;
            }
            present.Add(source);
            if (present.Count == 1)
            {
                ValidateSource(source, value, FieldPath.Child(path, source), errors);
            }
        }
        var expected = type switch
        {
            "Object" => "object",
            "Pods" => "pods",
            "Resource" => "resource",
            "External" => "external",
            "ContainerResource" => "containerResource",
            _ => null,
        };
        if (expected is null)
        {
            errors.Add(FieldError.NotSupported(typePath, type, MetricSourceTypes));
        }
        else if (metric.Obj(expected) is null)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, expected), "must populate information for the given metric source"));
        }
        if (present.Count != 1)
        {
            foreach (var other in present.Where(p => p != expected))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Child(path, other), "must populate the given metric source only"));
            }
        }
    }

    private static void ValidateSource(string source, JsonObject value, string path, List<FieldError> errors)
    {
        var target = value.Obj("target");
        var targetPath = FieldPath.Child(path, "target");
        switch (source)
        {
            case "object":
                ValidateObjectReference(value.Obj("describedObject"), FieldPath.Child(path, "describedObject"), errors);
                ValidateMetricIdentifier(value.Obj("metric"), FieldPath.Child(path, "metric"), errors);
                ValidateTarget(target, targetPath, errors);
                if (target?["value"] is null && target?["averageValue"] is null)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(targetPath, "averageValue"), "must set either a target value or averageValue"));
                }
                break;
            case "external":
                ValidateMetricIdentifier(value.Obj("metric"), FieldPath.Child(path, "metric"), errors);
                ValidateTarget(target, targetPath, errors);
                if (target?["value"] is null && target?["averageValue"] is null)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(targetPath, "averageValue"), "must set either a target value for metric or a per-pod target"));
                }
                if (target?["value"] is not null && target["averageValue"] is not null)
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Child(targetPath, "value"), "may not set both a target value for metric and a per-pod target"));
                }
                break;
            case "pods":
                ValidateMetricIdentifier(value.Obj("metric"), FieldPath.Child(path, "metric"), errors);
                ValidateTarget(target, targetPath, errors);
                if (target?["averageValue"] is null)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(targetPath, "averageValue"), "must specify a positive target averageValue"));
                }
                break;
            default:
                ValidateResourceSource(source, value, path, errors);
                break;
        }
    }

    private static void ValidateResourceSource(string source, JsonObject value, string path, List<FieldError> errors)
    {
        if (value.StrOrEmpty("name").Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "name"), "must specify a resource name"));
        }
        if (source == "containerResource")
        {
            var container = value.StrOrEmpty("container");
            if (container.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "container"), "must specify a container"));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(container))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(path, "container"), container, msg));
                }
            }
        }
        var target = value.Obj("target");
        var targetPath = FieldPath.Child(path, "target");
        ValidateTarget(target, targetPath, errors);
        if (target?["averageUtilization"] is null && target?["averageValue"] is null)
        {
            errors.Add(FieldError.Required(FieldPath.Child(targetPath, "averageUtilization"), "must set either a target raw value or a target utilization"));
        }
        if (target?["averageUtilization"] is not null && target["averageValue"] is not null)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Child(targetPath, "averageValue"), "may not set both a target raw value and a target utilization"));
        }
    }

    private static void ValidateMetricIdentifier(JsonObject? metric, string path, List<FieldError> errors)
    {
        var name = metric.StrOrEmpty("name");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "name"), "must specify a metric name"));
            return;
        }
        foreach (var msg in PathSegments.Validate(name))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "name"), name, msg));
        }
    }

    private static void ValidateTarget(JsonObject? target, string path, List<FieldError> errors)
    {
        var type = target.StrOrEmpty("type");
        if (type.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "type"), "must specify a metric target type"));
        }
        if (type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "type"), type, "must be either Utilization, Value, or AverageValue"));
        }
        foreach (var key in new[] { "value", "averageValue" })
        {
            if (target?[key] is { } q && !IsPositiveQuantity(q))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, key), HpaTargets.Quantity(q), "must be positive"));
            }
        }
        if (target.Int("averageUtilization") is < 1 and var utilization)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "averageUtilization"), utilization, "must be greater than 0"));
        }
    }

    private static bool IsPositiveQuantity(JsonNode node)
    {
        var text = JsonFields.AsString(node) ?? node.ToJsonString();
        return Machinery.Quantities.Quantity.TryParse(text, out var q) && q.Sign > 0;
    }

    private static void ValidateScalingRules(JsonObject? rules, string path, List<FieldError> errors)
    {
        if (rules is null)
        {
            return;
        }
        if (rules.Int("stabilizationWindowSeconds") is { } window)
        {
            if (window < 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "stabilizationWindowSeconds"), window, "must be greater than or equal to zero"));
            }
            if (window > MaxStabilizationWindowSeconds)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "stabilizationWindowSeconds"), window, $"must be less than or equal to {MaxStabilizationWindowSeconds}"));
            }
        }
        if (rules.Str("selectPolicy") is { } select && select is not ("Disabled" or "Max" or "Min"))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Child(path, "selectPolicy"), select, ["Disabled", "Max", "Min"]));
        }
        var policies = rules.Arr("policies").Objects().ToList();
        var policiesPath = FieldPath.Child(path, "policies");
        if (policies.Count == 0)
        {
            errors.Add(FieldError.Required(policiesPath, "must specify at least one Policy"));
        }
        for (var i = 0; i < policies.Count; i++)
        {
            var policyPath = FieldPath.Index(policiesPath, i);
            var type = policies[i].StrOrEmpty("type");
            if (type is not ("Pods" or "Percent"))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Child(policyPath, "type"), type, ["Percent", "Pods"]));
            }
            var value = policies[i].Int("value") ?? 0;
            if (value <= 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(policyPath, "value"), value, "must be greater than zero"));
            }
            var period = policies[i].Int("periodSeconds") ?? 0;
            if (period <= 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(policyPath, "periodSeconds"), period, "must be greater than zero"));
            }
            if (period > MaxPeriodSeconds)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(policyPath, "periodSeconds"), period, $"must be less than or equal to {MaxPeriodSeconds}"));
            }
        }
    }
}
